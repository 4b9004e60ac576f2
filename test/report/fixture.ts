import type { Summary } from '../../src/evaluate/summary.js';
import type { BucketEvent, JournalEvent } from '../../src/journal/events.js';
import { createHistogram, encodeHistogram, recordMs } from '../../src/journal/histogram.js';
import type { ObservedColour } from '../../src/shared/colour.js';
import { Random } from '../../src/util/random.js';

/**
 * A realistic 40-second blue/green run: blue alone for 10 s, a 50/50 canary from +10 s, a
 * latency fault on green from +12 s that makes green fail, the rollback rule's condition met
 * at +14.5 s and the router back on blue at +17.2 s, the fault reverted at +25 s.
 */
export const START_MS = Date.parse('2025-03-01T12:00:00.000Z');
export const RUN_SECONDS = 40;

export function at(seconds: number): string {
  return new Date(START_MS + seconds * 1000).toISOString();
}

/** What the fixture recorded for one colour in one second: the truth tests compare to. */
export interface PlannedSecond {
  requests: number;
  errors: number;
  dropped: number;
  latenciesMs: number[];
  ttftsMs: number[];
}

export interface Fixture {
  summary: Summary;
  events: JournalEvent[];
  /** planned[colour][second]; a missing entry means no bucket for that colour and second. */
  planned: Record<ObservedColour, (PlannedSecond | undefined)[]>;
}

let recorded: Omit<Fixture, 'summary'> | undefined;

/** A fresh summary each call (tests change it); the journal is recorded once and shared. */
export function buildFixture(): Fixture {
  recorded ??= recordJournal();
  return { summary: buildSummary(), events: [...recorded.events], planned: recorded.planned };
}

function recordJournal(): Omit<Fixture, 'summary'> {
  const random = new Random(4242).stream('report-fixture');
  const planned: Fixture['planned'] = { blue: [], green: [], unknown: [] };
  const events: JournalEvent[] = [
    {
      type: 'run.started',
      t: START_MS,
      journalVersion: 1,
      runId: 'run-20250301-120000',
      seed: 4242,
      engine: 'native',
      experiment: {},
      source: 'scenarios/canary.ts',
    },
    { type: 'router.state', t: START_MS, active: 'blue', weights: { blue: 100, green: 0 } },
    { type: 'phase.started', t: START_MS, name: 'baseline', durationMs: 10_000 },
    { type: 'load.target', t: START_MS, rps: 20 },
    { type: 'phase.started', t: START_MS + 10_000, name: 'canary', durationMs: 20_000 },
    { type: 'load.target', t: START_MS + 10_000, rps: 30 },
    {
      type: 'router.state',
      t: START_MS + 10_000,
      active: 'split',
      weights: { blue: 50, green: 50 },
      reason: 'canary start',
    },
    {
      type: 'fault.applied',
      t: START_MS + 12_000,
      name: 'green-latency',
      kind: 'latency',
      target: 'green',
      description: '+400 ms on green responses',
    },
    {
      type: 'router.state',
      t: START_MS + 17_200,
      active: 'blue',
      weights: { blue: 100, green: 0 },
      reason: 'rollback: green error rate',
    },
    { type: 'fault.reverted', t: START_MS + 25_000, name: 'green-latency', kind: 'latency', target: 'green' },
    { type: 'phase.started', t: START_MS + 30_000, name: 'soak', durationMs: 10_000 },
  ];
  for (let second = 0; second < RUN_SECONDS; second++) {
    for (const [colour, plan] of Object.entries(planSecond(random, second)) as [ObservedColour, PlannedSecond][]) {
      planned[colour][second] = plan;
      events.push(bucketEvent(colour, second, plan));
    }
  }
  events.push({ type: 'run.ended', t: START_MS + RUN_SECONDS * 1000, reason: 'completed' });
  events.sort((a, b) => a.t - b.t);
  return { events, planned };
}

function planSecond(random: Random, second: number): Partial<Record<ObservedColour, PlannedSecond>> {
  const canary = second >= 10 && second < 17;
  const faulted = second >= 12 && second < 17;
  const plans: Partial<Record<ObservedColour, PlannedSecond>> = {
    blue: trafficSecond(random, second < 10 ? 20 : canary ? 15 : 30, 0, 120),
  };
  if (canary) plans.green = trafficSecond(random, 15, faulted ? 5 : 0, faulted ? 520 : 110);
  if (second === 14) plans.unknown = { requests: 2, errors: 2, dropped: 3, latenciesMs: [], ttftsMs: [] };
  return plans;
}

function trafficSecond(random: Random, requests: number, errors: number, meanLatencyMs: number): PlannedSecond {
  const latenciesMs = Array.from({ length: requests }, () => Math.max(5, random.normal(meanLatencyMs, 15)));
  const ttftsMs = latenciesMs.map((latency) => latency * 0.4);
  return { requests, errors, dropped: 0, latenciesMs, ttftsMs };
}

function bucketEvent(colour: ObservedColour, second: number, plan: PlannedSecond): BucketEvent {
  const encode = (values: number[]): string => {
    if (values.length === 0) return '';
    const histogram = createHistogram();
    for (const value of values) recordMs(histogram, value);
    return encodeHistogram(histogram);
  };
  const ok = plan.requests - plan.errors;
  return {
    type: 'bucket',
    t: START_MS + second * 1000,
    colour,
    requests: plan.requests,
    errors: plan.errors,
    outcomes:
      colour === 'unknown'
        ? { refused: plan.errors }
        : { '200': ok, ...(plan.errors > 0 ? { '503': plan.errors } : {}) },
    dropped: plan.dropped,
    inputTokens: plan.requests * 200,
    outputTokens: plan.requests * 120,
    latency: encode(plan.latenciesMs),
    ttft: encode(plan.ttftsMs),
    itl: encode(plan.latenciesMs.map((latency) => latency / 40)),
    scheduleLag: encode(plan.latenciesMs.map(() => 0.3)),
  };
}

const NO_PERCENTILES = { p50: null, p90: null, p95: null, p99: null, max: null };

function buildSummary(): Summary {
  return {
    schemaVersion: 1,
    runId: 'run-20250301-120000',
    experiment: 'canary with green latency fault',
    source: 'scenarios/canary.ts',
    verdict: 'fail',
    reasons: ['SLO "green errors" (green, phase canary): observed 23.81 %, objective error rate < 1 %'],
    seed: 4242,
    startedAt: at(0),
    endedAt: at(RUN_SECONDS),
    endReason: 'completed',
    phases: [
      { name: 'baseline', startedAt: at(0), durationMs: 10_000 },
      { name: 'canary', startedAt: at(10), durationMs: 20_000 },
      { name: 'soak', startedAt: at(30), durationMs: 10_000 },
    ],
    slos: [
      {
        name: 'green errors',
        colour: 'green',
        phase: 'canary',
        metric: 'error-rate',
        objective: 'error rate < 1 %',
        observed: 0.2381,
        requests: 105,
        pass: false,
        reason: 'green failed while the latency fault was active',
      },
      {
        name: 'blue ttft',
        colour: 'blue',
        phase: '*',
        metric: 'ttft',
        objective: 'ttft p95 < 800 ms',
        observed: 61.2,
        requests: 995,
        pass: true,
      },
      {
        name: 'throughput',
        colour: 'all',
        phase: '*',
        metric: 'throughput',
        objective: 'throughput > 19 rps',
        observed: 27.6,
        requests: 1102,
        pass: true,
      },
    ],
    rollback: {
      verdict: 'pass',
      conditionMetAt: at(14.5),
      switchedAt: at(17.2),
      detectionSeconds: 2.7,
      failedRequestsDuringSwitch: 3,
      rules: [
        {
          name: 'green-errors',
          condition: 'green error rate > 5 % over 5s',
          verdict: 'fired-in-time',
          pass: true,
          conditionMetAt: at(14.5),
          switchedAt: at(17.2),
          detectionSeconds: 2.7,
          budgetSeconds: 10,
          failedRequestsBeforeSwitch: 12,
          failedRequestsDuringSwitch: 3,
          recoverySeconds: 9,
          switchesToTarget: 1,
          explanation: 'The router switched back to blue 2.7 s after green breached, within the 10 s budget.',
        },
        {
          name: 'green-ttft',
          condition: 'green ttft p99 > 2000 ms over 10s',
          verdict: 'not-triggered',
          pass: true,
          conditionMetAt: null,
          switchedAt: null,
          detectionSeconds: null,
          budgetSeconds: 10,
          failedRequestsBeforeSwitch: 0,
          failedRequestsDuringSwitch: 0,
          recoverySeconds: null,
          switchesToTarget: 0,
          explanation: 'The condition was never met and the router did not switch for it.',
        },
      ],
      switches: [
        { at: at(10), from: 'blue', to: 'split', reason: 'canary start' },
        { at: at(17.2), from: 'split', to: 'blue', reason: 'rollback: green error rate' },
      ],
    },
    load: {
      engine: 'native',
      requests: 1102,
      errors: 27,
      targetRps: 27.5,
      achievedRps: 27.6,
      droppedIterations: 3,
      outcomes: { '200': 1075, '503': 25, refused: 2 },
      latencyMs: { p50: 121.3, p90: 140.2, p95: 171.9, p99: 531.7, max: 566.1 },
      ttftMs: { p50: 48.5, p90: 56.1, p95: 61.2, p99: 212.7, max: 226.4 },
      itlMs: { p50: 3.03, p90: 3.51, p95: 4.3, p99: 13.29, max: 14.15 },
      scheduleLagMs: { ...NO_PERCENTILES, p50: 0.3, p99: 0.3 },
      byColour: {
        blue: { requests: 995, errors: 0 },
        green: { requests: 105, errors: 25 },
        unknown: { requests: 2, errors: 2 },
      },
    },
    faults: [
      {
        name: 'green-latency',
        kind: 'latency',
        target: 'green',
        description: '+400 ms on green responses',
        appliedAt: at(12),
        revertedAt: at(25),
      },
    ],
    halt: null,
    steadyState: null,
    cleanup: { clean: true, leftovers: [] },
    journalTruncated: false,
  };
}

/** A run that was interrupted before any traffic: no buckets, rules, faults or audit. */
export function emptyRunFixture(): Fixture {
  const summary: Summary = {
    ...buildSummary(),
    verdict: 'fail',
    reasons: ['the run was interrupted by SIGINT before any traffic'],
    endedAt: null,
    endReason: 'interrupted',
    phases: [],
    slos: [],
    rollback: {
      verdict: 'pass',
      conditionMetAt: null,
      switchedAt: null,
      detectionSeconds: null,
      failedRequestsDuringSwitch: 0,
      rules: [],
      switches: [],
    },
    load: {
      engine: 'native',
      requests: 0,
      errors: 0,
      targetRps: 0,
      achievedRps: 0,
      droppedIterations: 0,
      outcomes: {},
      latencyMs: NO_PERCENTILES,
      ttftMs: NO_PERCENTILES,
      itlMs: NO_PERCENTILES,
      scheduleLagMs: NO_PERCENTILES,
      byColour: {},
    },
    faults: [],
    cleanup: null,
    journalTruncated: true,
  };
  const events: JournalEvent[] = [
    {
      type: 'run.started',
      t: START_MS,
      journalVersion: 1,
      runId: summary.runId,
      seed: 4242,
      engine: 'native',
      experiment: {},
      source: summary.source,
    },
  ];
  return { summary, events, planned: { blue: [], green: [], unknown: [] } };
}

/** Text that would run script or break out of markup if the report did not escape it. */
export const HOSTILE = '<img src=x onerror="window.__pwned=1">';
export const HOSTILE_SCRIPT_CLOSE = '</script><script>window.__pwned=2</script>';

/** The full fixture with hostile text in every place an experiment author controls. */
export function hostileFixture(): Fixture {
  const fixture = buildFixture();
  const { summary } = fixture;
  summary.experiment = `${HOSTILE} & "quotes"`;
  summary.reasons = [`reason ${HOSTILE}`, `line\u2028separator ${HOSTILE_SCRIPT_CLOSE}`];
  summary.phases = summary.phases.map((phase) => ({ ...phase, name: `${phase.name} ${HOSTILE_SCRIPT_CLOSE}` }));
  const faultName = `${HOSTILE_SCRIPT_CLOSE}\u2029`;
  summary.faults = summary.faults.map((fault) => ({ ...fault, name: faultName, description: HOSTILE }));
  fixture.events = fixture.events.map((event) =>
    event.type === 'fault.applied' || event.type === 'fault.reverted' ? { ...event, name: faultName } : event,
  );
  summary.rollback.rules = summary.rollback.rules.map((rule) => ({
    ...rule,
    name: `${rule.name} ${HOSTILE}`,
    explanation: HOSTILE,
  }));
  summary.slos = summary.slos.map((slo) => ({ ...slo, name: `${slo.name} ${HOSTILE}` }));
  return fixture;
}
