import { describe, expect, it } from 'vitest';
import { evaluateRun } from '../../src/evaluate/evaluate.js';
import { createHistogram, encodeHistogram, recordMs } from '../../src/journal/histogram.js';
import type { BucketEvent } from '../../src/journal/events.js';
import { baseExperiment, bucket, journal } from '../support/journal-fixture.js';

/** A bucket of `requests` with every TPOT at `tpotMs`, `good` of them meeting the goodput objectives. */
function tokenBucket(
  second: number,
  colour: 'blue' | 'green',
  requests: number,
  tpotMs: number,
  good: number,
): BucketEvent {
  const tpot = createHistogram();
  for (let i = 0; i < requests; i++) recordMs(tpot, tpotMs);
  return {
    ...bucket({ second, colour, requests }),
    tpot: encodeHistogram(tpot),
    good,
    outputTokens: requests * 20,
    outputTokensFromUsage: requests,
    outputTokensFromChunks: 0,
  };
}

const experiment = {
  ...baseExperiment,
  load: { ...baseExperiment.load, goodput: { ttft: '500ms', tpot: '50ms' } },
  rollback: { rules: [] },
  slos: [
    { name: 'blue tpot', colour: 'blue' as const, metric: 'tpot' as const, percentile: 95, below: 40 },
    { name: 'green tpot', colour: 'green' as const, metric: 'tpot' as const, percentile: 95, below: 40 },
    { name: 'blue goodput', colour: 'blue' as const, metric: 'goodput' as const, above: 0.95 },
    { name: 'green goodput', colour: 'green' as const, metric: 'goodput' as const, above: 0.95 },
  ],
};

describe('tpot and goodput SLOs, and the load summary', () => {
  const events = Array.from({ length: 40 }, (_, second) => [
    tokenBucket(second, 'blue', 10, 20, 10),
    tokenBucket(second, 'green', 10, 60, 8),
  ]).flat();
  const summary = evaluateRun(journal(experiment, events));
  const byName = new Map(summary.slos.map((slo) => [slo.name, slo]));

  it('judges TPOT percentiles and the good share per colour', () => {
    expect(byName.get('blue tpot')).toMatchObject({ pass: true, objective: 'tpot p95 < 40 ms' });
    expect(byName.get('blue tpot')!.observed).toBeCloseTo(20, 0);
    expect(byName.get('green tpot')).toMatchObject({
      pass: false,
      reason: expect.stringMatching(/^observed 60(\.\d)? ms$/),
    });
    expect(byName.get('blue goodput')).toMatchObject({ pass: true, observed: 1, objective: 'goodput > 95 %' });
    expect(byName.get('green goodput')).toMatchObject({ pass: false, observed: 0.8 });
  });

  it('puts TPOT, tokens, the counting method and goodput into the load summary', () => {
    expect(summary.load).toMatchObject({
      model: 'open',
      outputTokens: 800 * 20,
      outputTokensPerSecond: 400,
      tokenCounting: { outputTokens: 'usage', requestsCountedByUsage: 800, requestsCountedByChunks: 0 },
      goodput: { objectives: { ttftMs: 500, tpotMs: 50 }, goodRequests: 720, ratio: 0.9, rps: 18 },
    });
    expect(summary.load.tpotMs?.p50).toBeCloseTo(20, 0);
  });
});
