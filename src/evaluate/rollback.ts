import type { RollbackRule } from '../experiment/schema.js';
import type { Colour } from '../shared/colour.js';
import { describeCondition } from '../shared/condition.js';
import { describeWeights, sameSplit, targetWeights } from '../shared/rule-action.js';
import { formatSeconds, isoTime } from '../util/format.js';
import type { Pending } from './bucket-sink.js';
import type { RunIndex } from './run-index.js';
import type { RollbackSummary, RuleResult } from './summary.js';
import { ConditionWindow, conditionMetAt, type WindowPoint } from './window.js';

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
export function switchesOf(index: RunIndex): Switch[] {
  const switches: Switch[] = [];
  let previous = index.routerStates[0];
  for (const state of index.routerStates.slice(1)) {
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
export function planRollback(rules: readonly RollbackRule[], index: RunIndex): Pending<RollbackSummary> {
  const switches = switchesOf(index);
  const plans = rules.map((rule) => planRule(rule, index, switches));
  return {
    sinks: plans.flatMap((plan) => plan.sinks),
    result: () => {
      const results = plans.map((plan) => plan.result());
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
          at: isoTime(s.at),
          from: s.from,
          to: s.to,
          reason: s.reason,
          weights: { from: s.fromWeights, to: s.toWeights },
        })),
      };
    },
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

/** The rule's condition over the run, and over all traffic from its switch on (its recovery). */
function planRule(rule: RollbackRule, index: RunIndex, switches: readonly Switch[]): Pending<RuleResult> {
  const condition = new ConditionWindow(rule, index.started.t, index.endedAt);
  const moves = movesFor(rule, switches);
  const switched = moves.onto[0];
  const recovery = switched
    ? new ConditionWindow(rule, secondStart(index, switched.at), index.endedAt, 'all-traffic')
    : undefined;
  return {
    sinks: recovery ? [condition, recovery] : [condition],
    result: () => {
      const points = condition.series();
      const metAt = conditionMetAt(rule, points);
      const base = {
        name: rule.name,
        condition: describeCondition(rule),
        budgetSeconds: rule.within / SECOND,
        conditionMetAt: metAt === undefined ? null : isoTime(metAt),
        switchedAt: switched ? isoTime(switched.at) : null,
        recoverySeconds: switched && recovery ? recoverySeconds(recovery.series(), switched) : null,
        switchesToTarget: moves.onto.length,
      };
      const judged = { ...base, ...firstVerdict(rule, index, metAt, switched) };
      const flap = switched ? flapping(rule, moves, switched, points) : undefined;
      if (flap === undefined) return judged;
      return {
        ...judged,
        verdict: 'flapping',
        pass: false,
        explanation: `${judged.explanation} But ${flap}: flapping.`,
      };
    },
  };
}

type FirstVerdict = Pick<
  RuleResult,
  'verdict' | 'pass' | 'detectionSeconds' | 'failedRequestsBeforeSwitch' | 'failedRequestsDuringSwitch' | 'explanation'
>;

/** The verdict on the first switch to `switchTo` (or its absence) against the condition. */
function firstVerdict(
  rule: RollbackRule,
  index: RunIndex,
  metAt: number | undefined,
  switched: Switch | undefined,
): FirstVerdict {
  const secondOf = (t: number): number => secondStart(index, t);
  const errorsIn = (from: number, to: number): number => index.seconds.sum('errors', 'all', from, to);
  const budget = formatSeconds(rule.within / SECOND);
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
    const at = switched ? switched.at : index.started.t;
    const when =
      metAt === undefined
        ? 'the condition never held'
        : `the condition only held ${formatSeconds((metAt - at) / SECOND)} later`;
    return {
      verdict: 'false-positive',
      pass: false,
      detectionSeconds: null,
      failedRequestsBeforeSwitch: 0,
      failedRequestsDuringSwitch: errorsIn(secondOf(at), secondOf(at) + SWITCH_SETTLE_MS),
      explanation: `Traffic was switched to ${split} at ${isoTime(at)}, but ${when}: a false positive.`,
    };
  }
  if (!switched) {
    return {
      verdict: 'missed',
      pass: false,
      detectionSeconds: null,
      failedRequestsBeforeSwitch: errorsIn(metAt, index.endedAt),
      failedRequestsDuringSwitch: 0,
      explanation: `The condition held from ${isoTime(metAt)} but traffic never moved to ${split}: the rollback was missed.`,
    };
  }
  const detectionSeconds = Math.max(0, switched.at - metAt) / SECOND;
  const inTime = detectionSeconds <= rule.within / SECOND;
  return {
    verdict: inTime ? 'fired-in-time' : 'fired-late',
    pass: inTime,
    detectionSeconds,
    failedRequestsBeforeSwitch: errorsIn(metAt, secondOf(switched.at)),
    failedRequestsDuringSwitch: errorsIn(secondOf(switched.at), secondOf(switched.at) + SWITCH_SETTLE_MS),
    explanation: inTime
      ? `Traffic moved to ${split} ${formatSeconds(detectionSeconds)} after the condition held (budget ${budget}).`
      : `Traffic moved to ${split} only ${formatSeconds(detectionSeconds)} after the condition held, over the ${budget} budget: late.`,
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
    ? `traffic moved back to ${describeWeights(away.toWeights)} at ${isoTime(away.at)} while the condition still held`
    : undefined;
}

/**
 * Seconds from the switch until the rule's condition, evaluated on all traffic (what users saw,
 * whichever colour served them), stopped breaching for good: the end of the first second of
 * the run's final stretch without a breach, counted from the switch (0 when the stretch began
 * before it). Null when the last second of the run still breached.
 */
function recoverySeconds(points: readonly WindowPoint[], switched: Switch): number | null {
  let firstClear: number | undefined;
  for (const point of points) {
    if (point.breach) firstClear = undefined;
    else firstClear ??= point.at;
  }
  if (points.length > 0 && firstClear === undefined) return null;
  return Math.max(0, (firstClear ?? switched.at) - switched.at) / SECOND;
}

/** Buckets are seconds counted from the run's start; a moment is placed in its bucket. */
function secondStart(index: RunIndex, t: number): number {
  return index.seconds.timeOf(index.seconds.secondOf(t));
}
