import type { RollbackRule } from '../experiment/schema.js';
import type { BucketEvent } from '../journal/events.js';
import type { Colour } from '../shared/colour.js';
import { describeCondition } from '../shared/condition.js';
import { describeWeights, sameSplit, targetWeights } from '../shared/rule-action.js';
import type { RollbackSummary, RuleResult } from './summary.js';
import type { Timeline } from './timeline.js';
import { conditionMetAt, conditionSeries, type WindowPoint } from './window.js';

const SECOND = 1000;
/** Requests still in flight to the old colour finish within this long after a switch. */
export const SWITCH_SETTLE_MS = 2000;

export interface Switch {
  at: number;
  /** The active colour before and after: blue, green or split. */
  from: string;
  to: string;
  fromWeights: Record<Colour, number>;
  toWeights: Record<Colour, number>;
  reason: string | null;
}

/** Every change of the router's split (active colour or weights), as the observer recorded them. */
export function switchesOf(timeline: Timeline): Switch[] {
  const switches: Switch[] = [];
  let previous = timeline.routerStates[0];
  for (const state of timeline.routerStates.slice(1)) {
    if (previous && !sameSplit(state.weights, previous.weights)) {
      switches.push({
        at: state.t,
        from: previous.active,
        to: state.active,
        fromWeights: previous.weights,
        toWeights: state.weights,
        reason: state.reason ?? null,
      });
    }
    previous = state;
  }
  return switches;
}

/**
 * Judges each rollback rule: when its condition held (from the harness's own measurements),
 * when the router actually moved traffic to the rule's split, and whether that was in time,
 * late, missed, a false positive or flapping.
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
    failedRequestsDuringSwitch: headline
      ? headline.failedRequestsBeforeSwitch + headline.failedRequestsDuringSwitch
      : 0,
    rules: results,
    switches: switches.map((s) => ({
      at: iso(s.at),
      from: s.from,
      to: s.to,
      reason: s.reason,
      weights: { from: s.fromWeights, to: s.toWeights },
    })),
  };
}

/** Switches that moved traffic onto the rule's split, and those that left it again. */
function movesFor(rule: RollbackRule, switches: readonly Switch[]): { onto: Switch[]; off: Switch[] } {
  const target = targetWeights(rule);
  return {
    onto: switches.filter((s) => sameSplit(s.toWeights, target) && !sameSplit(s.fromWeights, target)),
    off: switches.filter((s) => sameSplit(s.fromWeights, target) && !sameSplit(s.toWeights, target)),
  };
}

function judgeRule(rule: RollbackRule, timeline: Timeline, switches: readonly Switch[]): RuleResult {
  const points = conditionSeries(rule, timeline.buckets, timeline.started.t, timeline.endedAt);
  const metAt = conditionMetAt(rule, points);
  const moves = movesFor(rule, switches);
  const switched = moves.onto[0];
  const base = {
    name: rule.name,
    condition: describeCondition(rule),
    budgetSeconds: rule.within / SECOND,
    conditionMetAt: metAt === undefined ? null : iso(metAt),
    switchedAt: switched ? iso(switched.at) : null,
    recoverySeconds: switched ? recoverySeconds(rule, timeline, switched) : null,
    switchesToTarget: moves.onto.length,
  };
  const judged = { ...base, ...firstVerdict(rule, timeline, metAt, switched) };
  const flap = switched ? flapping(rule, moves, switched, points) : undefined;
  if (flap === undefined) return judged;
  return { ...judged, verdict: 'flapping', pass: false, explanation: `${judged.explanation} But ${flap}: flapping.` };
}

type FirstVerdict = Pick<
  RuleResult,
  'verdict' | 'pass' | 'detectionSeconds' | 'failedRequestsBeforeSwitch' | 'failedRequestsDuringSwitch' | 'explanation'
>;

/** The verdict on the first switch to `switchTo` (or its absence) against the condition. */
function firstVerdict(
  rule: RollbackRule,
  timeline: Timeline,
  metAt: number | undefined,
  switched: Switch | undefined,
): FirstVerdict {
  const secondOf = (t: number): number => secondStart(timeline, t);
  const budget = `${rule.within / SECOND}s`;
  const split = describeWeights(targetWeights(rule));
  if (metAt === undefined && !switched) {
    return {
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
    const when =
      metAt === undefined ? 'the condition never held' : `the condition only held ${secondsBetween(at, metAt)}s later`;
    return {
      verdict: 'false-positive',
      pass: false,
      detectionSeconds: null,
      failedRequestsBeforeSwitch: 0,
      failedRequestsDuringSwitch: errorsIn(timeline.buckets, secondOf(at), secondOf(at) + SWITCH_SETTLE_MS),
      explanation: `Traffic was switched to ${split} at ${iso(at)}, but ${when}: a false positive.`,
    };
  }
  if (!switched) {
    return {
      verdict: 'missed',
      pass: false,
      detectionSeconds: null,
      failedRequestsBeforeSwitch: errorsIn(timeline.buckets, metAt, timeline.endedAt),
      failedRequestsDuringSwitch: 0,
      explanation: `The condition held from ${iso(metAt)} but traffic never moved to ${split}: the rollback was missed.`,
    };
  }
  const detectionSeconds = Math.max(0, switched.at - metAt) / SECOND;
  const inTime = detectionSeconds <= rule.within / SECOND;
  return {
    verdict: inTime ? 'fired-in-time' : 'fired-late',
    pass: inTime,
    detectionSeconds,
    failedRequestsBeforeSwitch: errorsIn(timeline.buckets, metAt, secondOf(switched.at)),
    failedRequestsDuringSwitch: errorsIn(
      timeline.buckets,
      secondOf(switched.at),
      secondOf(switched.at) + SWITCH_SETTLE_MS,
    ),
    explanation: inTime
      ? `Traffic moved to ${split} ${detectionSeconds.toFixed(2)}s after the condition held (budget ${budget}).`
      : `Traffic moved to ${split} only ${detectionSeconds.toFixed(2)}s after the condition held, over the ${budget} budget: late.`,
  };
}

/**
 * Why the rule's switch did not stick, if it did not: traffic went to `switchTo` more than once
 * (back and forth), or left `switchTo` again while the rule's condition still held.
 */
function flapping(
  rule: RollbackRule,
  moves: { onto: readonly Switch[]; off: readonly Switch[] },
  switched: Switch,
  points: readonly WindowPoint[],
): string | undefined {
  const split = describeWeights(targetWeights(rule));
  if (moves.onto.length > 1) return `traffic was switched to ${split} ${moves.onto.length} times, back and forth`;
  const away = moves.off.find(
    (s) => s.at > switched.at && points.some((p) => p.breach && p.at - SECOND <= s.at && s.at < p.at),
  );
  return away
    ? `traffic moved back to ${describeWeights(away.toWeights)} at ${iso(away.at)} while the condition still held`
    : undefined;
}

/**
 * Seconds from the switch until the rule's condition, evaluated on all traffic (what users saw,
 * whichever colour served them), stopped breaching for good: the end of the first second of
 * the run's final stretch without a breach, counted from the switch (0 when the stretch began
 * before it). Null when the last second of the run still breached.
 */
function recoverySeconds(rule: RollbackRule, timeline: Timeline, switched: Switch): number | null {
  const points = conditionSeries(
    rule,
    timeline.buckets,
    secondStart(timeline, switched.at),
    timeline.endedAt,
    'all-traffic',
  );
  let firstClear: number | undefined;
  for (const point of points) {
    if (point.breach) firstClear = undefined;
    else firstClear ??= point.at;
  }
  if (points.length > 0 && firstClear === undefined) return null;
  return Math.max(0, (firstClear ?? switched.at) - switched.at) / SECOND;
}

/** Buckets are seconds counted from the run's start; a moment is placed in its bucket. */
function secondStart(timeline: Timeline, t: number): number {
  return timeline.started.t + Math.floor((t - timeline.started.t) / SECOND) * SECOND;
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
