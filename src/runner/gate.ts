import { InputError } from '../errors.js';
import { gateSchema } from '../experiment/gate-schema.js';
import type { Experiment } from '../experiment/schema.js';

/**
 * An experiment made ready for the release gate: the gate's defaults when it declares none
 * (so the journal, and `greenlight report`, carry the gate too), and a check that both colours
 * get traffic where the target sets the split (a user's router sets its own; the gate then fails
 * for lack of samples if one colour got none). The rollback controller must be off as well: the
 * runner's `controllerEnabled`.
 */
export function gateExperiment(experiment: Experiment, source: string): Experiment {
  const { target } = experiment;
  const weights = target.kind === 'embedded' || target.kind === 'containers' ? target.router.weights : undefined;
  if (weights && (weights.blue === 0 || weights.green === 0)) {
    throw new InputError(
      `${source}: target.router.weights: the release gate compares blue with green under the same load, so both need traffic (got blue ${weights.blue}, green ${weights.green}; 50/50 is best)`,
    );
  }
  return { ...experiment, gate: experiment.gate ?? gateSchema.parse({}) };
}
