import type { Experiment } from '../experiment/schema.js';
import { startComposeTarget } from './compose/target.js';
import { startContainersStack } from './containers/stack.js';
import { startEmbeddedStack } from './embedded/stack.js';
import { startExternalTarget } from './external/target.js';
import type { RunningTarget, TargetOptions } from './target.js';

/** Starts (or, for the user's own stack, connects to) whatever the experiment's target names. */
export async function startTarget(experiment: Experiment, options: TargetOptions): Promise<RunningTarget> {
  const target = experiment.target;
  const common = { ...options, rollbackRules: experiment.rollback.rules, canary: experiment.canary };
  switch (target.kind) {
    case 'embedded':
      return startEmbeddedStack(target, common);
    case 'containers':
      return startContainersStack(target, common);
    case 'external':
      return startExternalTarget(target, common);
    case 'compose':
      return startComposeTarget(target, common);
  }
}
