import { InputError, errorMessage } from '../errors.js';
import { loadExperimentFile } from '../experiment/load-file.js';
import { referencedFiles, type ReferencedFile } from '../experiment/referenced-files.js';
import type { Experiment } from '../experiment/schema.js';
import { readDataset } from '../load/workloads/dataset.js';
import { loadTriggerDefinition } from '../triggers/load.js';

/**
 * An experiment file, validated, with every file it references read and checked, so that bad
 * input is found (exit 2) before anything starts.
 */
export async function loadExperiment(path: string): Promise<{ experiment: Experiment; files: ReferencedFile[] }> {
  const experiment = await loadExperimentFile(path);
  const files = referencedFiles(experiment);
  for (const file of files) {
    try {
      checkFile(file);
    } catch (error) {
      throw new InputError(`${path}: ${file.field}: ${errorMessage(error)}`, { cause: error });
    }
  }
  return { experiment, files };
}

/** Reads a referenced file as the run will; a bad one throws, naming its line or field. */
function checkFile(file: ReferencedFile): void {
  switch (file.kind) {
    case 'dataset':
      readDataset(file.path);
      return;
    case 'trigger':
      loadTriggerDefinition(file.path, { ...(file.spec.kind ? { kind: file.spec.kind } : {}), args: file.spec.args });
      return;
  }
}
