import { isAbsolute, resolve } from 'node:path';
import type { Experiment } from './schema.js';
import type { Target } from './target-schema.js';
import type { TriggerSpec } from './triggers-schema.js';

/**
 * A file an experiment names (besides `openSlo`, read while the file loads), with what decides
 * how it is checked before a run.
 */
export type ReferencedFile =
  | { kind: 'dataset'; field: string; path: string }
  | { kind: 'trigger'; field: string; path: string; spec: TriggerSpec };

/** Every file an experiment names; absolute once the experiment was loaded from a file. */
export function referencedFiles(experiment: Experiment): ReferencedFile[] {
  const datasets = experiment.load.workload.mix.flatMap((entry, index) =>
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
  const triggers = experiment.triggers.map((spec, index) => ({
    kind: 'trigger' as const,
    field: `triggers.${index}.file`,
    path: spec.file,
    spec,
  }));
  return [...datasets, ...triggers];
}

/** The experiment with every referenced path made absolute against `folder` (the experiment file's). */
export function resolveReferencedPaths(experiment: Experiment, folder: string): Experiment {
  const absolute = (path: string): string => (isAbsolute(path) ? path : resolve(folder, path));
  const mix = experiment.load.workload.mix.map((entry) =>
    entry.request.dataset === undefined
      ? entry
      : { ...entry, request: { ...entry.request, dataset: absolute(entry.request.dataset) } },
  );
  return {
    ...experiment,
    target: withPathsFrom(experiment.target, folder),
    load: { ...experiment.load, workload: { ...experiment.load.workload, mix } },
    triggers: experiment.triggers.map((spec) => ({ ...spec, file: absolute(spec.file) })),
  };
}

/** A target's own file paths (compose files) made absolute against the folder of the file that names them. */
export function withPathsFrom(target: Target, folder: string): Target {
  if (target.kind !== 'compose' || !target.files) return target;
  return { ...target, files: target.files.map((file) => (isAbsolute(file) ? file : resolve(folder, file))) };
}
