import { closeSync, openSync, writeSync } from 'node:fs';
import type { BucketEvent, JournalEvent } from '../../src/journal/events.js';
import { createHistogram, encodeHistogram, recordMs, type Histogram } from '../../src/journal/histogram.js';
import { experimentSchema, type ExperimentInput } from '../../src/experiment/schema.js';
import type { ObservedColour } from '../../src/shared/colour.js';
import { Random } from '../../src/util/random.js';

/**
 * A synthetic soak-length journal (24 hours by default), written line by line as the runner
 * writes one: a planned rate and a bucket per colour every second with real encoded HDR
 * histograms, phases, faults applied and reverted, router switches (one of them a rollback), and
 * an experiment with rollback rules, SLOs (one with burn-rate windows) and a release gate.
 *
 * The truth the evaluation must reproduce is kept beside it, computed from the raw values the
 * buckets were encoded from, never from the journal.
 *
 * The plan, in "hours" of H = length / 24 seconds: phases warm-up [0, 1H), soak [1H, 20H), fault
 * [20H, 22H), recovery [22H, 24H). Blue serves 12 requests a second, green 8. Blue is slowed in [10H, 10.5H) and, by a fault repeated
 * every 2H, for 5 minutes from 1.5H, 3.5H, … 23.5H; green fails 2 of its 8 requests a second and
 * slows down in [F, R) = [20H, 21H), and is slowed again in [23H, 23.25H). The router starts on
 * blue, goes 50/50 at 2H, to green at 3H, back to blue at F + 75 s (the rollback) and 50/50
 * again at 22.5H. Latency follows the day: a sine over the run.
 */
export interface SoakPlan {
  startMs: number;
  seconds: number;
  hour: number;
  phases: { name: string; from: number; to: number }[];
  /** Second offsets of the green failure window and the rollback switch. */
  greenFailsFrom: number;
  greenFailsTo: number;
  rollbackSwitchAt: number;
  switches: { at: number; blue: number; green: number; reason: string }[];
  faults: { name: string; kind: string; target: string; from: number; to: number; description: string }[];
}

type State = 'healthy' | 'slow' | 'failing' | 'busy';
type Scope = `${'blue' | 'green' | 'all'}|${string}`;

interface SecondValues {
  latency: number[];
  ttft: number[];
}

interface PoolEntry {
  requests: number;
  values: SecondValues;
  errors: number;
  encoded: Pick<BucketEvent, 'latency' | 'ttft' | 'itl' | 'scheduleLag' | 'tpot'>;
}

interface Tally {
  requests: number;
  errors: number;
  unavailable: number;
  dropped: number;
  /** How often each pool entry served this scope: the histograms follow from the raw values. */
  uses: Uint32Array;
}

export interface SoakTruth {
  plan: SoakPlan;
  lines: number;
  buckets: number;
  /** Counters of a colour ('all' = every bucket) over a phase ('*' = the run). */
  counts(colour: 'blue' | 'green' | 'all', phase: string): Omit<Tally, 'uses'>;
  /** The latency or TTFT percentile (ms) over a colour and phase, from the raw values. */
  percentile(colour: 'blue' | 'green' | 'all', phase: string, metric: 'latency' | 'ttft', p: number): number;
  /** The lowest and highest latency p99 of any one second of a colour, from the raw values. */
  secondP99Range(colour: 'blue' | 'green'): { low: number; high: number };
}

/** Requests a second each colour serves (unequal, so the charts' lines part). */
export const SOAK_RATES = { blue: 12, green: 8 } as const;
const FAILED_PER_SECOND = 2;
const LEVELS = 8;
const VARIANTS = 12;
const STATES: readonly State[] = ['healthy', 'slow', 'failing', 'busy'];
const STATE_FACTOR: Record<State, number> = { healthy: 1, slow: 1.6, failing: 5, busy: 1.3 };

export const soakExperiment: ExperimentInput = {
  name: 'soak 24h',
  load: { profile: { kind: 'constant', rate: SOAK_RATES.blue + SOAK_RATES.green } },
  // Overwritten with the plan's phase lengths.
  phases: [{ name: 'warm-up', duration: 1000 }],
  slos: [
    { name: 'blue latency', colour: 'blue', phase: '*', metric: 'latency', percentile: 99, below: 4000 },
    { name: 'green ttft', colour: 'green', phase: '*', metric: 'ttft', percentile: 95, below: 1500 },
    { name: 'green errors in soak', colour: 'green', phase: 'soak', metric: 'error-rate', below: 0.01 },
    { name: 'green errors under fault', colour: 'green', phase: 'fault', metric: 'error-rate', below: 0.01 },
    { name: 'soak throughput', colour: 'all', phase: 'soak', metric: 'throughput', above: 15 },
    {
      name: 'availability',
      colour: 'all',
      phase: '*',
      metric: 'availability',
      above: 0.99,
      burnRate: { windows: [{ long: '1h', short: '5m', factor: 14.4 }], minRequests: 100 },
    },
  ],
  rollback: {
    rules: [
      {
        name: 'green errors',
        colour: 'green',
        metric: 'error-rate',
        above: 0.05,
        window: '60s',
        minRequests: 100,
        switchTo: 'blue',
        within: '2m',
      },
      {
        name: 'green latency',
        colour: 'green',
        metric: 'latency',
        percentile: 99,
        above: 2500,
        window: '30s',
        minRequests: 50,
        switchTo: 'blue',
        within: '2m',
      },
    ],
  },
  gate: { phase: 'soak', confidence: 0.99, latencyMargin: 0.1, ttftMargin: 0.1, errorRateMargin: 0.01 },
};

export function soakPlan(hours = 24, startMs = Date.UTC(2026, 0, 5, 0, 0, 0)): SoakPlan {
  const seconds = hours * 3600;
  const hour = seconds / 24;
  const at = (h: number): number => Math.round(h * hour);
  const greenFailsFrom = at(20);
  return {
    startMs,
    seconds,
    hour,
    phases: [
      { name: 'warm-up', from: 0, to: at(1) },
      { name: 'soak', from: at(1), to: at(20) },
      { name: 'fault', from: at(20), to: at(22) },
      { name: 'recovery', from: at(22), to: seconds },
    ],
    greenFailsFrom,
    greenFailsTo: at(21),
    rollbackSwitchAt: greenFailsFrom + 75,
    switches: [
      { at: at(2), blue: 50, green: 50, reason: 'canary 50 %' },
      { at: at(3), blue: 0, green: 100, reason: 'promoted' },
      { at: greenFailsFrom + 75, blue: 100, green: 0, reason: 'rollback: green error rate' },
      { at: at(22.5), blue: 50, green: 50, reason: 'canary again' },
    ],
    faults: [
      { name: 'blue-slow', kind: 'latency', target: 'blue', from: at(10), to: at(10.5), description: '+60 % latency' },
      {
        name: 'green-errors',
        kind: 'http-error',
        target: 'green',
        from: greenFailsFrom,
        to: at(21),
        description: '20 % of requests answer 503',
      },
      { name: 'green-busy', kind: 'cpu', target: 'green', from: at(23), to: at(23.25), description: 'CPU pressure' },
      ...Array.from({ length: 12 }, (_, window) => ({
        name: 'blue-blip',
        kind: 'latency',
        target: 'blue',
        from: at(1.5 + 2 * window),
        to: at(1.5 + 2 * window) + 300,
        description: '+60 % latency for 5 minutes',
      })),
    ],
  };
}

function stateAt(plan: SoakPlan, colour: 'blue' | 'green', second: number): State {
  for (const fault of plan.faults) {
    if (fault.target !== colour || second < fault.from || second >= fault.to) continue;
    return fault.kind === 'http-error' ? 'failing' : fault.kind === 'cpu' ? 'busy' : 'slow';
  }
  return 'healthy';
}

/** The day's load on latency: a sine over the run, in LEVELS steps. */
function levelAt(plan: SoakPlan, second: number): number {
  const wave = 0.5 + 0.5 * Math.sin((2 * Math.PI * second) / plan.seconds);
  return Math.min(LEVELS - 1, Math.floor(wave * LEVELS));
}

function buildPool(): PoolEntry[] {
  const random = new Random(2406).stream('soak-journal');
  const pool: PoolEntry[] = [];
  for (const requests of [SOAK_RATES.blue, SOAK_RATES.green])
    for (const state of STATES) {
      for (let level = 0; level < LEVELS; level++) {
        for (let variant = 0; variant < VARIANTS; variant++) {
          const errors = state === 'failing' ? FAILED_PER_SECOND : 0;
          const factor = STATE_FACTOR[state] * (1 + 0.08 * level);
          const values: SecondValues = { latency: [], ttft: [] };
          const histograms = {
            latency: createHistogram(),
            ttft: createHistogram(),
            itl: createHistogram(),
            lag: createHistogram(),
            tpot: createHistogram(),
          };
          for (let request = 0; request < requests; request++) {
            recordMs(histograms.lag, 0.2 + random.next() * 2);
            if (request < errors) continue;
            const latency = 600 * factor * Math.max(0.4, random.normal(1, 0.25));
            const ttft = latency * (0.2 + 0.1 * random.next());
            // Recorded as the engine records them: the truth is what the histograms hold.
            values.latency.push(latency);
            values.ttft.push(ttft);
            recordMs(histograms.latency, latency);
            recordMs(histograms.ttft, ttft);
            recordMs(histograms.tpot, (latency - ttft) / 63);
            for (let token = 0; token < 20; token++)
              recordMs(histograms.itl, ((latency - ttft) / 63) * (0.5 + random.next()));
          }
          pool.push({
            requests,
            values,
            errors,
            encoded: {
              latency: encodeHistogram(histograms.latency),
              ttft: encodeHistogram(histograms.ttft),
              itl: encodeHistogram(histograms.itl),
              scheduleLag: encodeHistogram(histograms.lag),
              tpot: encodeHistogram(histograms.tpot),
            },
          });
        }
      }
    }
  return pool;
}

function poolIndex(colour: 'blue' | 'green', state: State, level: number, variant: number): number {
  const rate = colour === 'blue' ? 0 : 1;
  return ((rate * STATES.length + STATES.indexOf(state)) * LEVELS + level) * VARIANTS + variant;
}

/** Writes the journal to `path` one line at a time and returns the truth. */
export function writeSoakJournal(path: string, hours = 24): SoakTruth {
  const plan = soakPlan(hours);
  const pool = buildPool();
  const tallies = new Map<Scope, Tally>();
  const tally = (scope: Scope): Tally => {
    let found = tallies.get(scope);
    if (!found) {
      found = { requests: 0, errors: 0, unavailable: 0, dropped: 0, uses: new Uint32Array(pool.length) };
      tallies.set(scope, found);
    }
    return found;
  };
  const usedEntries = { blue: new Set<number>(), green: new Set<number>() };
  const random = new Random(2406).stream('soak-variants');
  const writer = lineWriter(path);
  const t = (second: number): number => plan.startMs + second * 1000;
  const experiment = experimentSchema.parse({
    ...soakExperiment,
    phases: plan.phases.map((phase) => ({ name: phase.name, duration: (phase.to - phase.from) * 1000 })),
  });
  writer.write({
    type: 'run.started',
    t: plan.startMs,
    journalVersion: 1,
    runId: 'soak-24h',
    seed: experiment.seed,
    engine: 'native',
    experiment,
    source: 'test/support/soak-journal.ts',
  });
  writer.write({ type: 'router.state', t: plan.startMs, active: 'blue', weights: { blue: 100, green: 0 } });
  let buckets = 0;
  for (let second = 0; second < plan.seconds; second++) {
    for (const event of eventsAt(plan, second)) writer.write(event);
    writer.write({ type: 'load.target', t: t(second), rps: SOAK_RATES.blue + SOAK_RATES.green });
    const phase = plan.phases.find((candidate) => second >= candidate.from && second < candidate.to)!.name;
    const level = levelAt(plan, second);
    for (const colour of ['blue', 'green'] as const) {
      const index = poolIndex(colour, stateAt(plan, colour, second), level, random.int(0, VARIANTS - 1));
      const entry = pool[index]!;
      usedEntries[colour].add(index);
      const requests = entry.requests;
      const outcomes = {
        '200': requests - entry.errors,
        ...(entry.errors > 0 && { '503': entry.errors }),
      };
      for (const scope of [`${colour}|${phase}`, `${colour}|*`, `all|${phase}`, 'all|*'] as const) {
        const counted = tally(scope);
        counted.requests += requests;
        counted.errors += entry.errors;
        counted.unavailable += entry.errors;
        counted.uses[index]! += 1;
      }
      const ok = requests - entry.errors;
      writer.write({
        type: 'bucket',
        t: t(second),
        colour,
        requests,
        errors: entry.errors,
        outcomes,
        dropped: 0,
        inputTokens: requests * 200,
        outputTokens: ok * 64,
        ...entry.encoded,
        good: ok,
        outputTokensFromUsage: ok,
        outputTokensFromChunks: 0,
      });
      buckets++;
    }
    // Once an "hour", a connection the router refused and two arrivals the engine dropped.
    if (second % Math.round(plan.hour) === Math.round(plan.hour / 2)) {
      for (const scope of [`all|${phase}`, 'all|*'] as const) {
        const counted = tally(scope);
        counted.requests += 1;
        counted.errors += 1;
        counted.unavailable += 1;
        counted.dropped += 2;
      }
      writer.write(unknownBucket(t(second)));
      buckets++;
    }
  }
  writer.write({ type: 'cleanup.audited', t: t(plan.seconds), clean: true, leftovers: [] });
  writer.write({ type: 'run.ended', t: t(plan.seconds), reason: 'completed' });
  const lines = writer.close();

  const histogramOf = (scope: Scope, metric: 'latency' | 'ttft'): Histogram => {
    const histogram = createHistogram();
    const uses = tally(scope).uses;
    uses.forEach((count, index) => {
      if (count === 0) return;
      for (const value of pool[index]!.values[metric]) {
        histogram.recordValueWithCount(Math.max(1, Math.round(value * 1000)), count);
      }
    });
    return histogram;
  };
  return {
    plan,
    lines,
    buckets,
    counts: (colour, phase) => {
      const { requests, errors, unavailable, dropped } = tally(`${colour}|${phase}`);
      return { requests, errors, unavailable, dropped };
    },
    percentile: (colour, phase, metric, p) => histogramOf(`${colour}|${phase}`, metric).getValueAtPercentile(p) / 1000,
    secondP99Range: (colour) => {
      const p99s = [...usedEntries[colour]].map((index) => {
        const histogram = createHistogram();
        for (const value of pool[index]!.values.latency) recordMs(histogram, value);
        return histogram.getValueAtPercentile(99) / 1000;
      });
      return { low: Math.min(...p99s), high: Math.max(...p99s) };
    },
  };
}

function eventsAt(plan: SoakPlan, second: number): JournalEvent[] {
  const t = plan.startMs + second * 1000;
  const events: JournalEvent[] = [];
  for (const phase of plan.phases) {
    if (phase.from === second)
      events.push({ type: 'phase.started', t, name: phase.name, durationMs: (phase.to - phase.from) * 1000 });
  }
  for (const fault of plan.faults) {
    const { name, kind, target } = fault;
    if (fault.from === second)
      events.push({ type: 'fault.applied', t, name, kind, target, description: fault.description });
    if (fault.to === second) events.push({ type: 'fault.reverted', t, name, kind, target });
  }
  for (const change of plan.switches) {
    if (change.at !== second) continue;
    const active = change.green === 0 ? 'blue' : change.blue === 0 ? 'green' : 'split';
    events.push({
      type: 'router.state',
      t,
      active,
      weights: { blue: change.blue, green: change.green },
      reason: change.reason,
    });
  }
  return events;
}

function unknownBucket(t: number): BucketEvent {
  const colour: ObservedColour = 'unknown';
  return {
    type: 'bucket',
    t,
    colour,
    requests: 1,
    errors: 1,
    outcomes: { refused: 1 },
    dropped: 2,
    inputTokens: 0,
    outputTokens: 0,
    latency: '',
    ttft: '',
    itl: '',
    scheduleLag: '',
  };
}

/** NDJSON lines, written in blocks: a 24-hour journal is a few hundred megabytes. */
function lineWriter(path: string): { write(event: JournalEvent): void; close(): number } {
  const fd = openSync(path, 'w');
  let block: string[] = [];
  let lines = 0;
  const flush = (): void => {
    if (block.length > 0) writeSync(fd, `${block.join('\n')}\n`);
    block = [];
  };
  return {
    write(event) {
      block.push(JSON.stringify(event));
      lines++;
      if (block.length >= 4096) flush();
    },
    close() {
      flush();
      closeSync(fd);
      return lines;
    },
  };
}
