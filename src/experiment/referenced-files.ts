import { isAbsolute, resolve } from 'node:path';
import type { Experiment } from './schema.js';

/** What a referenced file holds, which decides how it is checked before a run. */
export type ReferencedFileKind = 'dataset';

export interface ReferencedFile {
  kind: ReferencedFileKind;
  /** Where the experiment names it, e.g. `load.workload.mix.0.request.dataset`. */
  field: string;
  /** Absolute once the experiment was loaded from a file. */
  path: string;
}

/** Every file an experiment names (besides `openSlo`, which is read while the file loads). */
export function referencedFiles(experiment: Experiment): ReferencedFile[] {
  return experiment.load.workload.mix.flatMap((entry, index) =>
    entry.request.dataset === undefined
      ? []
      : [
          {
            kind: 'dataset' as const,
            field: `load.workload.mix.${index}.request.dataset`,
            path: entry.request.dataset,
          },
        ],
  );
}

/** The experiment with every referenced path made absolute against `folder` (the experiment file's). */
export function resolveReferencedPaths(experiment: Experiment, folder: string): Experiment {
  const absolute = (path: string): string => (isAbsolute(path) ? path : resolve(folder, path));
  const mix = experiment.load.workload.mix.map((entry) =>
    entry.request.dataset === undefined
      ? entry
      : { ...entry, request: { ...entry.request, dataset: absolute(entry.request.dataset) } },
  );
  return { ...experiment, load: { ...experiment.load, workload: { ...experiment.load.workload, mix } } };
}
