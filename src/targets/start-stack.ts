import type { Experiment } from '../experiment/schema.js';
import { startContainersStack } from './containers/stack.js';
import { startEmbeddedStack, type RunningStack } from './embedded/stack.js';

export type { RunningStack };

export interface StackOptions {
  seed: number;
  /** Overrides the experiment's controller switch (`--no-controller`). */
  controllerEnabled?: boolean;
}

/** Starts whatever the experiment's target names; each kind of target has its own module. */
export async function startStack(experiment: Experiment, options: StackOptions): Promise<RunningStack> {
  const target = experiment.target;
  switch (target.kind) {
    case 'embedded':
      return startEmbeddedStack(target, {
        ...options,
        rollbackRules: experiment.rollback.rules,
        canary: experiment.canary,
      });
    case 'containers':
      return startContainersStack(target, {
        ...options,
        rollbackRules: experiment.rollback.rules,
        canary: experiment.canary,
      });
  }
}
