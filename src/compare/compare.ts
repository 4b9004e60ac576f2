import { isDeepStrictEqual } from 'node:util';
import type { RuleResult, SloResult, Summary } from '../evaluate/summary.js';
import type { BucketEvent, JournalEvent } from '../journal/events.js';
import { formatOffset as offset, formatSeconds as seconds } from '../util/format.js';
import { sloScope } from '../report/words.js';
import type {
  ArrivalComparison,
  ComparisonTolerances,
  Difference,
  FaultStep,
  RuleComparison,
  RuleSide,
  RunComparison,
  RunFacts,
  SloComparison,
  SwitchStep,
} from './comparison.js';
import type { RunRecord } from './run-record.js';
import {
  faultSteps,
  madePerSecond,
  offsetSeconds,
  plannedPerSecond,
  runStartOf,
  switchSteps,
} from './run-timelines.js';
import { compareStatistics } from './statistics.js';
import { DEFAULT_TOLERANCES } from './tolerances.js';

/**
 * Run B against run A: verdicts, each rollback rule, each SLO, the fault timeline, router
 * switches and the arrival timeline, with the release gate's tests saying which differences in
 * latency, TTFT and errors are real. B reproduces A when nothing differs beyond the tolerances
 * (DEFAULT_TOLERANCES says what they are); statistical differences are listed but do not decide.
 */
export function compareRuns(a: RunRecord, b: RunRecord, options: Partial<ComparisonTolerances> = {}): RunComparison {
  const tolerances = { ...DEFAULT_TOLERANCES, ...options };
  const rules = compareRules(a, b);
  const slos = compareSlos(a.summary, b.summary);
  const faults = { a: faultSteps(a.events), b: faultSteps(b.events) };
  const switches = { a: switchSteps(a.events), b: switchSteps(b.events) };
  const arrivals = compareArrivals(a.events, b.events);
  const statistics = compareStatistics(bucketsOf(a.events), bucketsOf(b.events), tolerances);
  const differences = [
    ...setupDifferences(a, b),
    ...verdictDifferences(a.summary, b.summary),
    ...rules.flatMap((rule) => ruleDifferences(rule, tolerances)),
    ...slos.flatMap(sloDifferences),
    ...faultDifferences(faults.a, faults.b, tolerances),
    ...switchDifferences(switches.a, switches.b, tolerances),
    ...arrivalDifferences(arrivals),
    ...statistics
      .filter((item) => item.finding === 'worse' || item.finding === 'better')
      .map((item): Difference => ({
        aspect: item.metric,
        subject: `${item.metric} (${item.colour === 'all' ? 'all traffic' : item.colour})`,
        a: describeValue(item.metric, item.valueA),
        b: describeValue(item.metric, item.valueB),
        breaksReproduction: false,
        message: `${item.colour === 'all' ? 'all traffic' : item.colour}: ${item.explanation}`,
      })),
  ].sort((x, y) => Number(y.breaksReproduction) - Number(x.breaksReproduction));
  return {
    a: factsOf(a),
    b: factsOf(b),
    reproduced: differences.every((difference) => !difference.breaksReproduction),
    differences,
    tolerances,
    rules,
    slos,
    faults,
    switches,
    arrivals,
    statistics,
  };
}

function factsOf(run: RunRecord): RunFacts {
  const { summary } = run;
  return {
    runId: summary.runId,
    dir: run.dir,
    experiment: summary.experiment,
    seed: summary.seed,
    engine: summary.load.engine,
    startedAt: summary.startedAt,
    verdict: summary.verdict,
    endReason: summary.endReason,
    requests: summary.load.requests,
    errors: summary.load.errors,
  };
}

function bucketsOf(events: readonly JournalEvent[]): BucketEvent[] {
  return events.filter((event): event is BucketEvent => event.type === 'bucket');
}

/** What was run: the experiment, its seed and engine. Informational: a replay may change the target. */
function setupDifferences(a: RunRecord, b: RunRecord): Difference[] {
  const startedA = a.events.find((event) => event.type === 'run.started');
  const startedB = b.events.find((event) => event.type === 'run.started');
  const differences: Difference[] = [];
  const note = (subject: string, valueA: string, valueB: string, message: string): void => {
    differences.push({ aspect: 'setup', subject, a: valueA, b: valueB, breaksReproduction: false, message });
  };
  if (a.summary.seed !== b.summary.seed)
    note(
      'seed',
      String(a.summary.seed),
      String(b.summary.seed),
      'the runs used different seeds: arrivals and fault jitter differ by design',
    );
  if (a.summary.load.engine !== b.summary.load.engine)
    note('engine', a.summary.load.engine, b.summary.load.engine, 'the runs used different load engines');
  const fields = differingFields(startedA?.experiment, startedB?.experiment);
  if (fields.length > 0)
    note(
      'experiment',
      '',
      '',
      `the experiments differ in ${fields.slice(0, 6).join(', ')}${fields.length > 6 ? ', …' : ''}`,
    );
  return differences;
}

/** Top-level and second-level fields where two experiments differ, e.g. 'load.profile'. */
function differingFields(a: unknown, b: unknown): string[] {
  const record = (value: unknown): Record<string, unknown> =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const fields: string[] = [];
  for (const key of new Set([...Object.keys(record(a)), ...Object.keys(record(b))])) {
    const [left, right] = [record(a)[key], record(b)[key]];
    if (isDeepStrictEqual(left, right)) continue;
    const inner = [...new Set([...Object.keys(record(left)), ...Object.keys(record(right))])].filter(
      (child) => !isDeepStrictEqual(record(left)[child], record(right)[child]),
    );
    const nested = typeof left === 'object' && !Array.isArray(left) && inner.length > 0;
    fields.push(...(nested ? inner.map((child) => `${key}.${child}`) : [key]));
  }
  return fields;
}

/** The verdict, and how each run ended (a halt or an interrupt is part of what happened). */
function verdictDifferences(a: Summary, b: Summary): Difference[] {
  const differences: Difference[] = [];
  if (a.verdict !== b.verdict) {
    differences.push({
      aspect: 'verdict',
      subject: 'verdict',
      a: a.verdict,
      b: b.verdict,
      breaksReproduction: true,
      message: `the verdict differs: ${a.verdict} in A, ${b.verdict} in B`,
    });
  }
  const ending = (summary: Summary): string => (summary.halt ? `halted (${summary.halt.reason})` : summary.endReason);
  if (ending(a) !== ending(b)) {
    differences.push({
      aspect: 'verdict',
      subject: 'end of the run',
      a: ending(a),
      b: ending(b),
      breaksReproduction: true,
      message: `the runs ended differently: ${ending(a)} in A, ${ending(b)} in B`,
    });
  }
  return differences;
}

function compareRules(a: RunRecord, b: RunRecord): RuleComparison[] {
  const side = (run: RunRecord, rule: RuleResult | undefined): RuleSide | null => {
    if (!rule) return null;
    const start = runStartOf(run.events);
    const at = (iso: string | null): number | null => (iso === null ? null : offsetSeconds(start, iso));
    return {
      verdict: rule.verdict,
      pass: rule.pass,
      conditionMetAt: at(rule.conditionMetAt),
      switchedAt: at(rule.switchedAt),
      detectionSeconds: rule.detectionSeconds,
      budgetSeconds: rule.budgetSeconds,
      failedRequestsDuringSwitch: rule.failedRequestsBeforeSwitch + rule.failedRequestsDuringSwitch,
    };
  };
  const names = unionInOrder(
    a.summary.rollback.rules.map((rule) => rule.name),
    b.summary.rollback.rules.map((rule) => rule.name),
  );
  return names.map((name) => ({
    name,
    a: side(
      a,
      a.summary.rollback.rules.find((rule) => rule.name === name),
    ),
    b: side(
      b,
      b.summary.rollback.rules.find((rule) => rule.name === name),
    ),
  }));
}

function ruleDifferences(rule: RuleComparison, tolerances: ComparisonTolerances): Difference[] {
  const subject = `rollback rule "${rule.name}"`;
  const { a, b } = rule;
  if (!a || !b) {
    return [
      {
        aspect: 'rollback-rule',
        subject,
        a: a ? a.verdict : '—',
        b: b ? b.verdict : '—',
        breaksReproduction: true,
        message: `${subject} is only in run ${a ? 'A' : 'B'}`,
      },
    ];
  }
  if (a.verdict !== b.verdict) {
    return [
      {
        aspect: 'rollback-rule',
        subject,
        a: a.verdict,
        b: b.verdict,
        breaksReproduction: true,
        message: `the rollback verdict of rule "${rule.name}" differs: ${a.verdict} vs ${b.verdict}`,
      },
    ];
  }
  const timings: [string, number | null, number | null, (value: number) => string][] = [
    ['condition-met time', a.conditionMetAt, b.conditionMetAt, offset],
    ['switch time', a.switchedAt, b.switchedAt, offset],
    ['detection time', a.detectionSeconds, b.detectionSeconds, seconds],
  ];
  return timings.flatMap(([what, valueA, valueB, show]): Difference[] => {
    if (valueA === null || valueB === null || Math.abs(valueA - valueB) <= tolerances.timingSeconds) return [];
    return [
      {
        aspect: 'rollback-rule',
        subject,
        a: show(valueA),
        b: show(valueB),
        breaksReproduction: true,
        message: `rule "${rule.name}": the ${what} moved by ${seconds(Math.abs(valueB - valueA))}, more than the ${seconds(tolerances.timingSeconds)} tolerance: ${show(valueA)} vs ${show(valueB)}`,
      },
    ];
  });
}

function compareSlos(a: Summary, b: Summary): SloComparison[] {
  const key = (slo: SloResult): string => `${slo.name}\u0000${slo.colour}\u0000${slo.phase}`;
  const byKey = (slos: readonly SloResult[]): Map<string, SloResult> => new Map(slos.map((slo) => [key(slo), slo]));
  const inA = byKey(a.slos);
  const inB = byKey(b.slos);
  return unionInOrder([...inA.keys()], [...inB.keys()]).map((id) => {
    const slo = (inA.get(id) ?? inB.get(id)) as SloResult;
    const side = (found: SloResult | undefined) => (found ? { observed: found.observed, pass: found.pass } : null);
    return {
      name: slo.name,
      colour: slo.colour,
      phase: slo.phase,
      metric: slo.metric,
      objective: slo.objective,
      a: side(inA.get(id)),
      b: side(inB.get(id)),
    };
  });
}

function sloDifferences(slo: SloComparison): Difference[] {
  const passText = (side: SloComparison['a']): string => (side === null ? '—' : side.pass ? 'pass' : 'fail');
  if (slo.a !== null && slo.b !== null && slo.a.pass === slo.b.pass) return [];
  const subject = `SLO "${slo.name}" (${sloScope(slo.colour, slo.phase)})`;
  return [
    {
      aspect: 'slo',
      subject,
      a: passText(slo.a),
      b: passText(slo.b),
      breaksReproduction: true,
      message:
        slo.a === null || slo.b === null
          ? `${subject} is only in run ${slo.a ? 'A' : 'B'}`
          : `${subject} ${slo.a.pass ? 'passed' : 'failed'} in A but ${slo.b.pass ? 'passed' : 'failed'} in B (${slo.objective})`,
    },
  ];
}

/**
 * Fault steps are matched by what they are (action, fault, kind, colour, and which occurrence),
 * not by position: steps due at the same moment (two faults reverted as their phase ends) are
 * journaled in whatever order they finished, which says nothing about reproduction.
 */
function faultDifferences(
  a: readonly FaultStep[],
  b: readonly FaultStep[],
  tolerances: ComparisonTolerances,
): Difference[] {
  const describe = (step: FaultStep): string => `${step.action} ${step.name} (${step.kind} on ${step.target})`;
  return matchSteps(a, b).flatMap(([left, right], index): Difference[] => {
    const subject = `fault step ${index + 1}`;
    const base = { aspect: 'fault' as const, subject, breaksReproduction: true };
    if (!left || !right) {
      const step = (left ?? right) as FaultStep;
      return [
        {
          ...base,
          a: left ? `${describe(left)} at ${offset(left.at)}` : '—',
          b: right ? `${describe(right)} at ${offset(right.at)}` : '—',
          message: `fault step "${describe(step)}" at ${offset(step.at)} is missing in run ${left ? 'B' : 'A'}`,
        },
      ];
    }
    if (left.description !== right.description) {
      return [
        {
          ...base,
          a: `${describe(left)}: ${left.description}`,
          b: `${describe(right)}: ${right.description}`,
          message: `fault step "${describe(left)}" did something else: ${left.description} vs ${right.description}`,
        },
      ];
    }
    if (Math.abs(left.at - right.at) <= tolerances.faultSeconds) return [];
    return [
      {
        ...base,
        a: offset(left.at),
        b: offset(right.at),
        message: `fault step "${describe(left)}" happened at ${offset(left.at)} in A but ${offset(right.at)} in B, more than ${seconds(tolerances.faultSeconds)} apart`,
      },
    ];
  });
}

/** A's steps in order, each with B's step of the same identity and occurrence; then B's unmatched ones. */
function matchSteps(
  a: readonly FaultStep[],
  b: readonly FaultStep[],
): [FaultStep | undefined, FaultStep | undefined][] {
  const identity = (step: FaultStep): string => [step.action, step.name, step.kind, step.target].join('\u0000');
  const unmatched = new Map<string, FaultStep[]>();
  for (const step of b) unmatched.set(identity(step), [...(unmatched.get(identity(step)) ?? []), step]);
  const matched = a.map((step): [FaultStep, FaultStep | undefined] => [step, unmatched.get(identity(step))?.shift()]);
  const onlyInB = [...unmatched.values()].flat().map((step): [undefined, FaultStep] => [undefined, step]);
  return [...matched, ...onlyInB.sort((x, y) => x[1].at - y[1].at)];
}

function switchDifferences(
  a: readonly SwitchStep[],
  b: readonly SwitchStep[],
  tolerances: ComparisonTolerances,
): Difference[] {
  const describe = (step: SwitchStep): string => `${step.from} → ${step.to}`;
  return pairs(a, b).flatMap(([left, right], index): Difference[] => {
    const base = { aspect: 'switch' as const, subject: `router switch ${index + 1}`, breaksReproduction: true };
    if (!left || !right) {
      const step = (left ?? right) as SwitchStep;
      return [
        {
          ...base,
          a: left ? `${describe(left)} at ${offset(left.at)}` : '—',
          b: right ? `${describe(right)} at ${offset(right.at)}` : '—',
          message: `a router switch at ${offset(step.at)} (${describe(step)}) is missing in run ${left ? 'B' : 'A'}`,
        },
      ];
    }
    if (left.from !== right.from || left.to !== right.to) {
      return [
        {
          ...base,
          a: describe(left),
          b: describe(right),
          message: `router switch ${index + 1} differs: ${describe(left)} at ${offset(left.at)} vs ${describe(right)} at ${offset(right.at)}`,
        },
      ];
    }
    if (Math.abs(left.at - right.at) <= tolerances.timingSeconds) return [];
    return [
      {
        ...base,
        a: offset(left.at),
        b: offset(right.at),
        message: `the router switch ${describe(left)} happened at ${offset(left.at)} in A but ${offset(right.at)} in B, more than ${seconds(tolerances.timingSeconds)} apart`,
      },
    ];
  });
}

function compareArrivals(a: readonly JournalEvent[], b: readonly JournalEvent[]): ArrivalComparison {
  const plannedA = plannedPerSecond(a);
  const plannedB = plannedPerSecond(b);
  const madeA = madePerSecond(a);
  const madeB = madePerSecond(b);
  const dropped = (events: readonly JournalEvent[]): number =>
    events.reduce((sum, event) => sum + (event.type === 'bucket' ? event.dropped : 0), 0);
  return {
    plannedA,
    plannedB,
    samePlan:
      plannedA.length === plannedB.length &&
      plannedA.every((rps, second) => Math.abs(rps - (plannedB[second] ?? NaN)) < 1e-9),
    madeA,
    madeB,
    totalA: madeA.reduce((sum, count) => sum + count, 0),
    totalB: madeB.reduce((sum, count) => sum + count, 0),
    droppedA: dropped(a),
    droppedB: dropped(b),
  };
}

function arrivalDifferences(arrivals: ArrivalComparison): Difference[] {
  const differences: Difference[] = [];
  if (!arrivals.samePlan) {
    const length = Math.max(arrivals.plannedA.length, arrivals.plannedB.length);
    const second = Array.from({ length }, (_, index) => index).find(
      (index) => arrivals.plannedA[index] !== arrivals.plannedB[index],
    ) as number;
    const rate = (value: number | undefined): string =>
      value === undefined ? 'nothing planned' : `${round(value)} rps`;
    differences.push({
      aspect: 'arrivals',
      subject: 'planned arrivals',
      a: rate(arrivals.plannedA[second]),
      b: rate(arrivals.plannedB[second]),
      breaksReproduction: true,
      message: `the planned arrival timeline differs from second ${second}: ${rate(arrivals.plannedA[second])} vs ${rate(arrivals.plannedB[second])}`,
    });
  }
  if (arrivals.totalA !== arrivals.totalB) {
    differences.push({
      aspect: 'arrivals',
      subject: 'arrivals made',
      a: String(arrivals.totalA),
      b: String(arrivals.totalB),
      breaksReproduction: true,
      message: `the engine made ${arrivals.totalA} arrivals in A but ${arrivals.totalB} in B (sent or dropped)`,
    });
  }
  return differences;
}

/** Items of two lists side by side, the shorter one padded with undefined. */
function pairs<T>(a: readonly T[], b: readonly T[]): [T | undefined, T | undefined][] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, index) => [a[index], b[index]]);
}

/** Every name of `a` in its order, then those only in `b`. */
function unionInOrder(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

function describeValue(metric: 'latency' | 'ttft' | 'error-rate', value: number | null): string {
  if (value === null) return '—';
  return metric === 'error-rate' ? `${round(value * 100)} %` : `p50 ${round(value)} ms`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
