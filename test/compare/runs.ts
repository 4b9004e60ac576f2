import type { RunRecord } from '../../src/compare/run-record.js';
import { evaluateRun } from '../../src/evaluate/evaluate.js';
import type { BucketEvent, JournalEvent } from '../../src/journal/events.js';
import { createHistogram, encodeHistogram, recordMs } from '../../src/journal/histogram.js';
import { T0, baseExperiment, journal, routerState, steady } from '../support/journal-fixture.js';

export interface RunShape {
  /** When the router moved all traffic to blue (seconds); null: never. */
  switchAt?: number | null;
  /** Green's failures per second during the fault phase (10–30 s). */
  greenErrors?: number;
  /** Latency around which green's successful requests lie, ms (blue's: 100). */
  greenLatencyMs?: number;
  /** When the fault was applied and reverted (seconds). */
  faultAt?: [number, number];
  faultDescription?: string;
  /** The planned rate of every second. */
  plannedRps?: number;
}

/**
 * A synthetic 40-second run of the fixture experiment: 20 rps per colour, green failing during
 * the fault phase until the router switches all traffic (40 rps) to blue. Journals built as the engine
 * writes them (real HDR histograms), judged by evaluateRun.
 */
export function syntheticRun(shape: RunShape = {}): RunRecord {
  const { greenErrors = 10, greenLatencyMs = 100, faultAt = [10, 30], plannedRps = 40 } = shape;
  const switchAt = shape.switchAt === undefined ? 14 : shape.switchAt;
  const greenEnd = switchAt ?? 40;
  const green = [
    ...steady('green', 0, 10, 20),
    ...steady('green', 10, Math.min(30, greenEnd), 20, greenErrors),
    ...(greenEnd > 30 ? steady('green', 30, greenEnd, 20) : []),
  ].map((bucket) => spread(bucket, greenLatencyMs));
  const middle: JournalEvent[] = [
    routerState(0, 50, 50),
    ...Array.from({ length: 40 }, (_, second): JournalEvent => ({
      type: 'load.target',
      t: T0 + second * 1000,
      rps: plannedRps,
    })),
    {
      type: 'fault.applied',
      t: T0 + faultAt[0] * 1000,
      name: 'green-errors',
      kind: 'latency',
      target: 'green',
      description: shape.faultDescription ?? 'latency 150 ms ± 30 ms',
    },
    { type: 'fault.reverted', t: T0 + faultAt[1] * 1000, name: 'green-errors', kind: 'latency', target: 'green' },
    ...(switchAt === null ? [] : [routerState(switchAt, 100, 0, 'rule green errors')]),
    // After the switch blue serves green's share too: the arrivals are the same either way.
    ...[...steady('blue', 0, greenEnd, 20), ...steady('blue', greenEnd, 40, 40)].map((bucket) => spread(bucket, 100)),
    ...green,
  ];
  const events = journal(
    baseExperiment,
    middle.sort((x, y) => x.t - y.t),
  );
  return { events, summary: evaluateRun(events) };
}

/** The bucket with its successful requests spread over latencyMs … latencyMs + 6 (TTFT: half). */
function spread(bucket: BucketEvent, latencyMs: number): BucketEvent {
  const latency = createHistogram();
  const ttft = createHistogram();
  const ok = bucket.requests - bucket.errors;
  for (let i = 0; i < ok; i++) {
    recordMs(latency, latencyMs + (i % 7));
    recordMs(ttft, latencyMs / 2 + (i % 5));
  }
  return { ...bucket, latency: ok > 0 ? encodeHistogram(latency) : '', ttft: ok > 0 ? encodeHistogram(ttft) : '' };
}

/** The run moved `weeks` later, with its own run id: one of a weekly job's runs. */
export function weekly(run: RunRecord, weeks: number): RunRecord {
  const shift = weeks * 7 * 24 * 3600 * 1000;
  const events = run.events.map((event): JournalEvent => {
    const moved = { ...event, t: event.t + shift };
    return moved.type === 'run.started' ? { ...moved, runId: `week-${String(weeks + 1).padStart(2, '0')}` } : moved;
  });
  return { events, summary: evaluateRun(events) };
}
