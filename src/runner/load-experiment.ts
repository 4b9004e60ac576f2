import { InputError, errorMessage } from '../errors.js';
import { loadExperimentFile } from '../experiment/load-file.js';
import { referencedFiles, type ReferencedFile, type ReferencedFileKind } from '../experiment/referenced-files.js';
import type { Experiment } from '../experiment/schema.js';
import { readDataset } from '../load/workloads/dataset.js';

/** How each kind of referenced file is read to check it: a bad file throws, naming the line. */
const READERS: Record<ReferencedFileKind, (path: string) => unknown> = {
  dataset: readDataset,
};

/**
 * An experiment file, validated, with every file it references read and checked, so that bad
 * input is found (exit 2) before anything starts.
 */
export async function loadExperiment(path: string): Promise<{ experiment: Experiment; files: ReferencedFile[] }> {
  const experiment = await loadExperimentFile(path);
  const files = referencedFiles(experiment);
  for (const file of files) {
    try {
      READERS[file.kind](file.path);
    } catch (error) {
      throw new InputError(`${path}: ${file.field}: ${errorMessage(error)}`, { cause: error });
    }
  }
  return { experiment, files };
}
