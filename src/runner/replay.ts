import { InputError } from '../errors.js';
import type { RunRecord } from '../compare/run-record.js';
import { loadTarget } from '../experiment/load-target-file.js';
import type { Experiment } from '../experiment/schema.js';
import { validateExperiment } from '../experiment/validate.js';
import { blastRadius } from './blast-radius.js';

/** What a replay runs again: the validated experiment, the seed and the engine the journal recorded. */
export interface ReplayPlan {
  experiment: Experiment;
  seed: number;
  engine: string;
}

/**
 * The run a journal recorded, ready to run again: on its own target, or on `target`
 * (`--target`, e.g. the staging copy where the incident is reproduced); refused like any run when
 * it would touch what that target does not declare. Header values written in a target are
 * redacted in the journal, so a replay on such a target needs it given again with `--target`.
 */
export async function replayPlan(original: RunRecord, options: { target?: string } = {}): Promise<ReplayPlan> {
  const started = original.events.find((event) => event.type === 'run.started');
  if (!started) throw new InputError(`${original.dir ?? 'the run'}: the journal has no run.started event`);
  const recorded = validateExperiment(started.experiment, `${original.dir ?? 'the run'}: run.started.experiment`);
  const experiment = options.target ? { ...recorded, target: await loadTarget(options.target) } : recorded;
  const { undeclared } = blastRadius(experiment);
  if (undeclared.length > 0) {
    throw new InputError(
      `replay refused: it would touch what the target does not declare:\n  ${undeclared.join('\n  ')}`,
    );
  }
  return { experiment, seed: started.seed, engine: started.engine };
}
