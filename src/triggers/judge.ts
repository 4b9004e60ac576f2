import type { RollbackRule } from '../experiment/schema.js';
import type { TriggerResult, TriggerVerdict } from '../evaluate/summary.js';
import type { RunInMemory } from '../evaluate/run-index.js';
import { conditionMetAt, conditionSeries, type WindowPoint } from '../evaluate/window.js';
import { describeCondition } from '../shared/condition.js';
import { formatDuration } from '../util/format.js';
import { detectionBound } from './bound.js';
import type { TriggerDefinition } from './definition.js';
import { queriesOf } from './definition.js';
import { queryRangeMs } from './query-range.js';
import type { TriggerRun } from './run.js';

const SECOND = 1000;

export interface JudgeInput {
  definition: TriggerDefinition;
  run: TriggerRun;
  rule: RollbackRule;
  timeline: RunInMemory;
  evaluatedWith: TriggerResult['evaluatedWith'];
}

/**
 * The trigger's verdict against greenlight's condition timeline of the rule it should match,
 * judged as rollback rules are (docs/verdicts.md): in time, late, missed, a false positive,
 * flapping — or low traffic, when it missed but only ever looked at fewer requests than the
 * rule's `minRequests` within its own query range.
 */
export function judgeTrigger({ definition, run, rule, timeline, evaluatedWith }: JudgeInput): TriggerResult {
  const points = conditionSeries(rule, timeline.buckets, timeline.started.t, timeline.endedAt);
  const metAt = conditionMetAt(rule, points);
  const first = run.firings[0];
  const bound = detectionBound(definition);
  const judged = verdictOf(definition, run, rule, timeline, metAt, points);
  const budgetSeconds = rule.within / SECOND;
  return {
    name: definition.name,
    file: definition.file,
    kind: definition.kind,
    expects: rule.name,
    condition: describeCondition(rule),
    verdict: judged.verdict,
    pass: judged.verdict === 'fired-in-time' || judged.verdict === 'not-triggered',
    conditionMetAt: metAt === undefined ? null : iso(metAt),
    firedAt: first ? iso(first.at) : null,
    detectionSeconds: first && metAt !== undefined ? Math.max(0, first.at - metAt) / SECOND : null,
    budgetSeconds,
    action: run.action,
    bound: { seconds: bound.ms / SECOND, formula: bound.formula, meetsBudget: bound.ms <= rule.within },
    why: first?.why ?? [],
    measurements: run.measurements.map((measured) => ({ ...measured, at: iso(measured.at) })),
    explanation: judged.explanation,
    evaluatedWith,
    notes: [
      ...run.notes,
      ...(bound.ms > rule.within
        ? [
            `its configuration cannot detect a breach within the ${formatDuration(rule.within)} budget even when everything goes right (${bound.formula})`,
          ]
        : []),
    ],
  };
}

function verdictOf(
  definition: TriggerDefinition,
  run: TriggerRun,
  rule: RollbackRule,
  timeline: RunInMemory,
  metAt: number | undefined,
  points: readonly WindowPoint[],
): { verdict: TriggerVerdict; explanation: string } {
  const first = run.firings[0];
  const budget = formatDuration(rule.within);
  const action = run.action;
  if (metAt === undefined && !first)
    return {
      verdict: 'not-triggered',
      explanation: `The condition never held and the trigger never fired: as expected.`,
    };
  if (first && (metAt === undefined || first.at < metAt - SECOND)) {
    const when =
      metAt === undefined ? 'the condition never held' : `the condition only held ${seconds(metAt - first.at)} later`;
    return {
      verdict: 'false-positive',
      explanation: `It would ${action} at ${offset(timeline, first.at)}, but ${when}: a false positive.`,
    };
  }
  if (!first) {
    const thin = lowTraffic(definition, run, rule, timeline, metAt!);
    if (thin) {
      return {
        verdict: 'low-traffic',
        explanation: `The condition held from ${offset(timeline, metAt!)} and the trigger never fired, but ${thin}: too little traffic to call it a miss.`,
      };
    }
    return {
      verdict: 'missed',
      explanation: `The condition held from ${offset(timeline, metAt!)} but the trigger never fired (${run.measurements.length} measurements): missed.`,
    };
  }
  const flap = flapping(run, points, timeline);
  const detection = Math.max(0, first.at - metAt!);
  const inTime = detection <= rule.within;
  const timing = inTime
    ? `It would ${action} ${seconds(detection)} after the condition held (budget ${budget}).`
    : `It would ${action} only ${seconds(detection)} after the condition held, over the ${budget} budget: late.`;
  if (flap) return { verdict: 'flapping', explanation: `${timing} But ${flap}: flapping.` };
  return { verdict: inTime ? 'fired-in-time' : 'fired-late', explanation: timing };
}

/** An alert that fired, resolved and fired again, or resolved while the condition still held. */
function flapping(run: TriggerRun, points: readonly WindowPoint[], timeline: RunInMemory): string | undefined {
  if (run.firings.length > 1) return `it fired ${run.firings.length} times, resolving in between`;
  const resolved = run.firings[0]?.until;
  if (resolved === undefined) return undefined;
  const stillBreached = points.some((point) => point.breach && point.at - SECOND <= resolved && resolved < point.at);
  return stillBreached ? `it resolved at ${offset(timeline, resolved)} while the condition still held` : undefined;
}

/**
 * Why a miss is not a miss: at every measurement after the condition was met, the rule's colour
 * had fewer than `minRequests` requests within the trigger's query range.
 */
function lowTraffic(
  definition: TriggerDefinition,
  run: TriggerRun,
  rule: RollbackRule,
  timeline: RunInMemory,
  metAt: number,
): string | undefined {
  const range = Math.max(SECOND, ...queriesOf(definition).map(queryRangeMs));
  const after = run.measurements.filter((measured) => measured.at >= metAt);
  if (after.length === 0) return undefined;
  const counts = after.map((measured) =>
    timeline.seconds.sum('requests', rule.colour, measured.at - range, measured.at),
  );
  if (counts.some((count) => count >= rule.minRequests)) return undefined;
  return `each of its ${after.length} measurements after it saw at most ${counts.reduce((a, b) => Math.max(a, b), 0)} ${rule.colour} requests in its ${formatDuration(range)} range (minRequests ${rule.minRequests})`;
}

function offset(timeline: RunInMemory, t: number): string {
  return `+${((t - timeline.started.t) / SECOND).toFixed(1)}s`;
}

function seconds(ms: number): string {
  return `${(ms / SECOND).toFixed(1)}s`;
}

function iso(t: number): string {
  return new Date(t).toISOString();
}
