import type { RollbackRule } from '../experiment/schema.js';
import type { BucketEvent } from '../journal/events.js';
import { describeCondition } from '../shared/condition.js';
import type { BlindSpotFigure, BlindSpotRule, BlindSpotSummary } from './summary.js';
import { bucketsBetween, type Timeline } from './timeline.js';
import { conditionMetAt, conditionSeries } from './window.js';

/**
 * Failures that arrive inside a 200 answer: a stream cut off, an error event or line in the
 * middle of a stream, a body that is no answer. Users lose the request; a router, a load
 * balancer's health statistics or a trigger that counts status codes sees a success.
 */
export const STATUS_INVISIBLE_OUTCOMES: readonly string[] = ['stream-cut', 'stream-error', 'bad-response'];

/**
 * What a status-code trigger cannot see: per colour and phase, the failed requests whose status
 * was 200; per error-rate rollback rule, when its condition held on all failures (as greenlight
 * judges it) and when it would have held on status-visible failures alone.
 */
export function evaluateBlindSpot(rules: readonly RollbackRule[], timeline: Timeline): BlindSpotSummary {
  return {
    outcomes: [...STATUS_INVISIBLE_OUTCOMES],
    figures: timeline.phases.flatMap((phase) =>
      (['blue', 'green'] as const).map((colour) =>
        figure(colour, phase.name, bucketsBetween(timeline.buckets, phase.start, phase.end)),
      ),
    ),
    rules: rules.map((rule) => ruleBlindSpot(rule, timeline)),
  };
}

function invisibleIn(bucket: BucketEvent): number {
  return STATUS_INVISIBLE_OUTCOMES.reduce((sum, outcome) => sum + (bucket.outcomes[outcome] ?? 0), 0);
}

function figure(colour: 'blue' | 'green', phase: string, buckets: readonly BucketEvent[]): BlindSpotFigure {
  const ofColour = buckets.filter((bucket) => bucket.colour === colour);
  const byOutcome: Record<string, number> = {};
  let requests = 0;
  let errors = 0;
  for (const bucket of ofColour) {
    requests += bucket.requests;
    errors += bucket.errors;
    for (const outcome of STATUS_INVISIBLE_OUTCOMES) {
      const count = bucket.outcomes[outcome] ?? 0;
      if (count > 0) byOutcome[outcome] = (byOutcome[outcome] ?? 0) + count;
    }
  }
  const invisible = Object.values(byOutcome).reduce((sum, count) => sum + count, 0);
  return {
    colour,
    phase,
    requests,
    errors,
    invisible,
    invisibleRate: requests === 0 ? null : invisible / requests,
    invisibleShareOfErrors: errors === 0 ? null : invisible / errors,
    byOutcome,
  };
}

function ruleBlindSpot(rule: RollbackRule, timeline: Timeline): BlindSpotRule {
  const base = { rule: rule.name, condition: describeCondition(rule) };
  if (rule.metric !== 'error-rate') {
    return {
      ...base,
      metAt: null,
      metOnStatusCodesAt: null,
      finding: 'not-applicable',
      explanation: `The rule watches ${rule.metric}, which counts successful requests only: failures inside a stream do not change it.`,
    };
  }
  const { started, endedAt, buckets } = timeline;
  const visibleOnly = buckets.map((bucket) => ({ ...bucket, errors: bucket.errors - invisibleIn(bucket) }));
  const all = conditionMetAt(rule, conditionSeries(rule, buckets, started.t, endedAt));
  const visible = conditionMetAt(rule, conditionSeries(rule, visibleOnly, started.t, endedAt));
  const at = (t: number | undefined): string | null => (t === undefined ? null : new Date(t).toISOString());
  const offset = (t: number): string => `+${((t - started.t) / 1000).toFixed(1)} s`;
  const judged = { ...base, metAt: at(all), metOnStatusCodesAt: at(visible) };
  if (all === undefined) {
    return {
      ...judged,
      finding: 'not-met',
      explanation: 'The condition never held, counting every failure: there was nothing for the trigger to see.',
    };
  }
  if (visible === undefined) {
    return {
      ...judged,
      finding: 'blind',
      explanation: `Counting failures inside 200 answers, the condition held at ${offset(all)}; on status codes alone it never held: a trigger that reads status codes would not have fired.`,
    };
  }
  if (visible > all) {
    return {
      ...judged,
      finding: 'later',
      explanation: `The condition held at ${offset(all)} counting every failure, but only at ${offset(visible)} on status codes alone: a status-code trigger would have fired ${((visible - all) / 1000).toFixed(1)} s later.`,
    };
  }
  return {
    ...judged,
    finding: 'seen',
    explanation: `The condition held at ${offset(all)} on status codes alone too: a status-code trigger sees what users saw.`,
  };
}
