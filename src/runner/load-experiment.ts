import { InputError, errorMessage } from '../errors.js';
import { loadExperimentFile } from '../experiment/load-file.js';
import { referencedFiles, type ReferencedFile } from '../experiment/referenced-files.js';
import type { Experiment } from '../experiment/schema.js';
import { loadTarget } from '../experiment/load-target-file.js';
import { readDataset } from '../load/workloads/dataset.js';
import { blastRadius, type BlastRadius } from './blast-radius.js';
import { loadTriggerDefinition } from '../triggers/load.js';

export interface LoadedExperiment {
  experiment: Experiment;
  files: ReferencedFile[];
  blastRadius: BlastRadius;
}

/**
 * An experiment file, validated, on its own target or the one `--target` gives, with every file
 * it references read and checked and its blast radius worked out: bad input (exit 2) — a broken
 * file, or a fault on something the target does not declare — is found before anything starts.
 */
export async function loadExperiment(path: string, options: { target?: string } = {}): Promise<LoadedExperiment> {
  const loaded = await loadExperimentFile(path);
  const experiment = options.target ? { ...loaded, target: await loadTarget(options.target) } : loaded;
  const files = referencedFiles(experiment);
  for (const file of files) {
    try {
      checkFile(file);
    } catch (error) {
      throw new InputError(`${path}: ${file.field}: ${errorMessage(error)}`, { cause: error });
    }
  }
  const radius = blastRadius(experiment);
  if (radius.undeclared.length > 0) {
    const target = options.target ? `the target ${options.target}` : `its ${experiment.target.kind} target`;
    throw new InputError(
      `${path}: refused: it would touch what ${target} does not declare:\n${radius.undeclared.map((line) => `  ${line}`).join('\n')}`,
    );
  }
  return { experiment, files, blastRadius: radius };
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
