import type { Canary } from '../shared/canary.js';
import { stageWeights } from '../shared/canary.js';
import { sameSplit } from '../shared/rule-action.js';
import { SWITCH_SETTLE_MS } from './rollback.js';
import { isoTime } from '../util/format.js';
import type { RunIndex } from './run-index.js';
import type { CanaryStageResult, CanaryStageStatus, CanarySummary } from './summary.js';

/** How far a promotion may stray from its schedule: the observer polls, the controller ticks. */
export function stageToleranceMs(everyMs: number): number {
  return Math.max(2000, everyMs * 0.1);
}

const PASSING: ReadonlySet<CanaryStageStatus> = new Set(['on-time', 'halted', 'not-due']);

/**
 * Verifies a staged canary promotion stage by stage from the router's observed splits: each
 * stage must be reached `every` after the one before (within the tolerance), and none may be
 * reached after a rollback (the first change that lowered green's share) halted the promotion.
 */
export function evaluateCanary(canary: Canary, run: RunIndex): CanarySummary {
  const states = run.routerStates;
  const rollback = states.find(
    (state, index) => index > 0 && state.weights.green < (states[index - 1]?.weights.green ?? 0),
  );
  const tolerance = stageToleranceMs(canary.every);
  const stages: CanaryStageResult[] = [];
  let previousReached: number | undefined;
  let previousStatus: CanaryStageStatus | undefined;
  canary.stages.forEach((percent, index) => {
    const weights = stageWeights(percent);
    const reached =
      index === 0
        ? states[0] && sameSplit(states[0].weights, weights)
          ? states[0]
          : undefined
        : states.find(
            (state) => previousReached !== undefined && state.t > previousReached && sameSplit(state.weights, weights),
          );
    const plannedAt =
      index === 0
        ? (states[0]?.t ?? run.started.t)
        : previousReached === undefined
          ? undefined
          : previousReached + canary.every;
    const status = stageStatus({
      index,
      reached: reached?.t,
      plannedAt,
      rollbackAt: rollback?.t,
      previousStatus,
      tolerance,
      endedAt: run.endedAt,
    });
    stages.push({
      stage: index + 1,
      greenPercent: percent,
      plannedAt: plannedAt === undefined ? null : isoTime(plannedAt),
      reachedAt: reached ? isoTime(reached.t) : null,
      status,
      pass: PASSING.has(status),
      observedGreenShare: reached ? greenShare(run, reached.t) : null,
    });
    previousReached = reached?.t;
    previousStatus = status;
  });
  return {
    verdict: stages.every((stage) => stage.pass) ? 'pass' : 'fail',
    everySeconds: canary.every / 1000,
    toleranceSeconds: tolerance / 1000,
    rolledBackAt: rollback ? isoTime(rollback.t) : null,
    stages,
  };
}

function stageStatus(facts: {
  index: number;
  reached: number | undefined;
  plannedAt: number | undefined;
  rollbackAt: number | undefined;
  previousStatus: CanaryStageStatus | undefined;
  tolerance: number;
  endedAt: number;
}): CanaryStageStatus {
  const { reached, plannedAt, rollbackAt, tolerance } = facts;
  if (reached !== undefined) {
    if (rollbackAt !== undefined && reached > rollbackAt) return 'reached-after-rollback';
    if (facts.index === 0 || plannedAt === undefined) return 'on-time';
    return Math.abs(reached - plannedAt) <= tolerance ? 'on-time' : 'off-schedule';
  }
  if (rollbackAt !== undefined && (plannedAt === undefined || rollbackAt <= plannedAt + tolerance)) return 'halted';
  if (facts.previousStatus === 'not-due' || (plannedAt !== undefined && plannedAt + tolerance >= facts.endedAt))
    return 'not-due';
  if (facts.previousStatus === 'halted') return 'halted';
  return 'missing';
}

/** Green's share of the requests from the stage's switch (once it settled) to the next change. */
function greenShare(run: RunIndex, reachedAt: number): number | null {
  const next = run.routerStates.find((state) => state.t > reachedAt)?.t ?? run.endedAt;
  const from = reachedAt + SWITCH_SETTLE_MS;
  // Whole seconds only: those that start at `from` or later and end by `next`.
  const count = (colour: 'blue' | 'green'): number => run.seconds.sum('requests', colour, from, next - 999);
  const total = count('blue') + count('green');
  return total === 0 ? null : count('green') / total;
}
