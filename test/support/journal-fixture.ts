import type { BucketEvent, JournalEvent } from '../../src/journal/events.js';
import { createHistogram, encodeHistogram, recordMs } from '../../src/journal/histogram.js';
import type { ObservedColour } from '../../src/shared/colour.js';
import type { ExperimentInput } from '../../src/experiment/schema.js';
import { experimentSchema } from '../../src/experiment/schema.js';

export const T0 = Date.UTC(2026, 10, 25, 8, 0, 0);

export interface BucketSpec {
  second: number;
  colour: ObservedColour;
  requests: number;
  errors?: number;
  latencyMs?: number;
  ttftMs?: number;
  dropped?: number;
}

/** A bucket as the engine writes it, with real HDR histograms (every request at the given latency). */
export function bucket(spec: BucketSpec): BucketEvent {
  const latency = createHistogram();
  const ttft = createHistogram();
  for (let i = 0; i < spec.requests; i++) {
    recordMs(latency, spec.latencyMs ?? 100);
    recordMs(ttft, spec.ttftMs ?? 50);
  }
  const errors = spec.errors ?? 0;
  return {
    type: 'bucket',
    t: T0 + spec.second * 1000,
    colour: spec.colour,
    requests: spec.requests,
    errors,
    outcomes: { '200': spec.requests - errors, ...(errors > 0 ? { '500': errors } : {}) },
    dropped: spec.dropped ?? 0,
    inputTokens: 0,
    outputTokens: 0,
    latency: spec.requests > 0 ? encodeHistogram(latency) : '',
    ttft: spec.requests > 0 ? encodeHistogram(ttft) : '',
    itl: '',
    scheduleLag: '',
  };
}

/** Seconds [from, to) of steady traffic for a colour, optionally failing `errors` per second. */
export function steady(colour: ObservedColour, from: number, to: number, perSecond: number, errors = 0): BucketEvent[] {
  const buckets: BucketEvent[] = [];
  for (let second = from; second < to; second++) buckets.push(bucket({ second, colour, requests: perSecond, errors }));
  return buckets;
}

export function routerState(second: number, blue: number, green: number, reason?: string): JournalEvent {
  const active = blue === 0 ? 'green' : green === 0 ? 'blue' : 'split';
  return {
    type: 'router.state',
    t: T0 + second * 1000,
    active,
    weights: { blue, green },
    ...(reason ? { reason } : {}),
  };
}

/** A journal of a 40-second run with the given experiment and events in between. */
export function journal(experiment: ExperimentInput, middle: JournalEvent[], durationSeconds = 40): JournalEvent[] {
  const parsed = experimentSchema.parse(experiment);
  let offset = 0;
  const phases: JournalEvent[] = parsed.phases.map((phase) => {
    const event: JournalEvent = { type: 'phase.started', t: T0 + offset, name: phase.name, durationMs: phase.duration };
    offset += phase.duration;
    return event;
  });
  return [
    {
      type: 'run.started',
      t: T0,
      journalVersion: 1,
      runId: 'test-run',
      seed: parsed.seed,
      engine: 'native',
      experiment: parsed,
      source: 'test',
    },
    ...phases,
    ...middle,
    { type: 'run.ended', t: T0 + durationSeconds * 1000, reason: 'completed' },
  ];
}

export const baseExperiment: ExperimentInput = {
  name: 'fixture',
  load: { profile: { kind: 'constant', rate: 20 } },
  phases: [
    { name: 'baseline', duration: '10s' },
    { name: 'fault', duration: '20s' },
    { name: 'recovery', duration: '10s' },
  ],
  rollback: {
    rules: [
      {
        name: 'green errors',
        colour: 'green',
        metric: 'error-rate',
        above: 0.05,
        window: '10s',
        minRequests: 20,
        switchTo: 'blue',
        within: '15s',
      },
    ],
  },
};
