import type { RollbackRule } from '../experiment/schema.js';
import type { BucketEvent } from '../journal/events.js';
import { describeCondition } from '../shared/condition.js';
import type { RollbackSummary, RuleResult } from './summary.js';
import type { Timeline } from './timeline.js';
import { conditionMetAt, conditionSeries } from './window.js';

const SECOND = 1000;
/** Requests still in flight to the old colour finish within this long after a switch. */
export const SWITCH_SETTLE_MS = 2000;

export interface Switch {
  at: number;
  from: string;
  to: string;
  reason: string | null;
}

/** Changes of the router's active colour, as the observer recorded them. */
export function switchesOf(timeline: Timeline): Switch[] {
  const switches: Switch[] = [];
  let previous = timeline.routerStates[0];
  for (const state of timeline.routerStates.slice(1)) {
    if (previous && state.active !== previous.active) {
      switches.push({ at: state.t, from: previous.active, to: state.active, reason: state.reason ?? null });
    }
    previous = state;
  }
  return switches;
}

/**
 * Judges each rollback rule: when its condition held (from the harness's own measurements),
 * when the router actually moved traffic, and whether that was in time, late, missed or a
 * false positive.
 */
export function evaluateRollback(rules: readonly RollbackRule[], timeline: Timeline): RollbackSummary {
  const switches = switchesOf(timeline);
  const results = rules.map((rule) => judgeRule(rule, timeline, switches));
  const headline = results.find((result) => result.conditionMetAt !== null) ?? results[0];
  return {
    verdict: results.every((result) => result.pass) ? 'pass' : 'fail',
    conditionMetAt: headline?.conditionMetAt ?? null,
    switchedAt: headline?.switchedAt ?? null,
    detectionSeconds: headline?.detectionSeconds ?? null,
    failedRequestsDuringSwitch: headline ? headline.failedRequestsBeforeSwitch + headline.failedRequestsDuringSwitch : 0,
    rules: results,
    switches: switches.map((s) => ({ at: iso(s.at), from: s.from, to: s.to, reason: s.reason })),
  };
}

function judgeRule(rule: RollbackRule, timeline: Timeline, switches: readonly Switch[]): RuleResult {
  // Buckets are seconds counted from the run's start; a switch is placed in its bucket.
  const secondOf = (t: number): number => timeline.started.t + Math.floor((t - timeline.started.t) / SECOND) * SECOND;
  const points = conditionSeries(rule, timeline.buckets, timeline.started.t, timeline.endedAt);
  const metAt = conditionMetAt(rule, points);
  const switched = switches.find((s) => s.to === rule.switchTo);
  const base = {
    name: rule.name,
    condition: describeCondition(rule),
    budgetSeconds: rule.within / SECOND,
    conditionMetAt: metAt === undefined ? null : iso(metAt),
    switchedAt: switched ? iso(switched.at) : null,
  };
  const budget = `${rule.within / SECOND}s`;
  if (metAt === undefined && !switched) {
    return {
      ...base,
      verdict: 'not-triggered',
      pass: true,
      detectionSeconds: null,
      failedRequestsBeforeSwitch: 0,
      failedRequestsDuringSwitch: 0,
      explanation: 'The condition never held and traffic was never switched: as expected.',
    };
  }
  if (metAt === undefined || (switched && switched.at < metAt - SECOND)) {
    const at = switched ? switched.at : timeline.started.t;
    const when = metAt === undefined ? 'the condition never held' : `the condition only held ${secondsBetween(at, metAt)}s later`;
    return {
      ...base,
      verdict: 'false-positive',
      pass: false,
      detectionSeconds: null,
      failedRequestsBeforeSwitch: 0,
      failedRequestsDuringSwitch: errorsIn(timeline.buckets, secondOf(at), secondOf(at) + SWITCH_SETTLE_MS),
      explanation: `Traffic was switched to ${rule.switchTo} at ${iso(at)}, but ${when}: a false positive.`,
    };
  }
  if (!switched) {
    return {
      ...base,
      verdict: 'missed',
      pass: false,
      detectionSeconds: null,
      failedRequestsBeforeSwitch: errorsIn(timeline.buckets, metAt, timeline.endedAt),
      failedRequestsDuringSwitch: 0,
      explanation: `The condition held from ${iso(metAt)} but traffic never moved to ${rule.switchTo}: the rollback was missed.`,
    };
  }
  const detectionSeconds = Math.max(0, switched.at - metAt) / SECOND;
  const inTime = detectionSeconds <= rule.within / SECOND;
  return {
    ...base,
    verdict: inTime ? 'fired-in-time' : 'fired-late',
    pass: inTime,
    detectionSeconds,
    failedRequestsBeforeSwitch: errorsIn(timeline.buckets, metAt, secondOf(switched.at)),
    failedRequestsDuringSwitch: errorsIn(timeline.buckets, secondOf(switched.at), secondOf(switched.at) + SWITCH_SETTLE_MS),
    explanation: inTime
      ? `Traffic moved to ${rule.switchTo} ${detectionSeconds.toFixed(2)}s after the condition held (budget ${budget}).`
      : `Traffic moved to ${rule.switchTo} only ${detectionSeconds.toFixed(2)}s after the condition held, over the ${budget} budget: late.`,
  };
}

/** Failed requests in buckets whose second starts in [from, to). */
function errorsIn(buckets: readonly BucketEvent[], from: number, to: number): number {
  return buckets.filter((b) => b.t >= from && b.t < to).reduce((sum, b) => sum + b.errors, 0);
}

function secondsBetween(from: number, to: number): string {
  return ((to - from) / SECOND).toFixed(1);
}

function iso(t: number): string {
  return new Date(t).toISOString();
}
