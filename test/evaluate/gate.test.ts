import { describe, expect, it } from 'vitest';
import { evaluateRun } from '../../src/evaluate/evaluate.js';
import type { BucketEvent } from '../../src/journal/events.js';
import { createHistogram, encodeHistogram, recordMs } from '../../src/journal/histogram.js';
import { Random } from '../../src/util/random.js';
import { T0, baseExperiment, journal } from '../support/journal-fixture.js';

const gateExperiment = { ...baseExperiment, rollback: { rules: [] }, gate: {} };

/**
 * 40 seconds of one colour: 10 requests a second, latencies spread ±30 % around `medianMs`
 * (seeded), TTFT a tenth of that, `errorsPerSecond` failures.
 */
function colourBuckets(colour: 'blue' | 'green', medianMs: number, seed: number, errorsPerSecond = 0): BucketEvent[] {
  const random = new Random(seed);
  return Array.from({ length: 40 }, (_, second) => {
    const latency = createHistogram();
    const ttft = createHistogram();
    for (let i = 0; i < 10 - errorsPerSecond; i++) {
      const ms = medianMs * (0.7 + 0.6 * random.next());
      recordMs(latency, ms);
      recordMs(ttft, ms / 10);
    }
    return {
      type: 'bucket',
      t: T0 + second * 1000,
      colour,
      requests: 10,
      errors: errorsPerSecond,
      outcomes: { '200': 10 - errorsPerSecond, ...(errorsPerSecond > 0 ? { '503': errorsPerSecond } : {}) },
      dropped: 0,
      inputTokens: 0,
      outputTokens: 0,
      latency: encodeHistogram(latency),
      ttft: encodeHistogram(ttft),
      itl: '',
      scheduleLag: '',
    } satisfies BucketEvent;
  });
}

function gateOf(events: BucketEvent[]) {
  const summary = evaluateRun(journal(gateExperiment, events));
  return { summary, gate: summary.gate!, byMetric: new Map(summary.gate!.comparisons.map((c) => [c.metric, c])) };
}

describe('release gate evaluation (defaults: 95 % confidence, +5 % latency and TTFT, +1 point errors)', () => {
  it('passes a green drawn from the same distribution as blue', () => {
    const { summary, gate, byMetric } = gateOf([...colourBuckets('blue', 500, 1), ...colourBuckets('green', 500, 2)]);
    expect(gate.verdict).toBe('pass');
    expect(summary.verdict).toBe('pass');
    const latency = byMetric.get('latency')!;
    expect(latency).toMatchObject({
      test: 'mann-whitney-u',
      blueSamples: 400,
      greenSamples: 400,
      margin: 0.05,
      decision: 'pass',
    });
    expect(latency.pValue).toBeGreaterThan(0.05);
    expect(latency.effect).toBeGreaterThan(0.9);
    expect(latency.explanation).toMatch(/^no evidence that green's latency is more than 5 % slower than blue/);
  });

  it('fails a green 20 % slower on latency and TTFT, and says why', () => {
    const { summary, byMetric } = gateOf([...colourBuckets('blue', 500, 1), ...colourBuckets('green', 600, 2)]);
    expect(summary.verdict).toBe('fail');
    for (const metric of ['latency', 'ttft']) {
      const comparison = byMetric.get(metric)!;
      expect(comparison.decision, metric).toBe('fail');
      expect(comparison.pValue!, metric).toBeLessThan(0.05);
      expect(comparison.effect!, metric).toBeGreaterThan(1.1);
    }
    expect(byMetric.get('error-rate')!.decision).toBe('pass');
    expect(summary.reasons.join('\n')).toMatch(
      /release gate, latency: green's latency is more than 5 % slower than blue \(median ratio 1\.\d+\): p = /,
    );
  });

  it('fails a green whose error rate is well above blue', () => {
    const { byMetric } = gateOf([...colourBuckets('blue', 500, 1), ...colourBuckets('green', 500, 2, 1)]);
    expect(byMetric.get('error-rate')).toMatchObject({
      test: 'two-proportion-z',
      decision: 'fail',
      blueValue: 0,
      greenValue: 0.1,
    });
    expect(byMetric.get('error-rate')!.effect).toBeCloseTo(0.1, 9);
  });

  it('fails for lack of evidence when a colour has too few requests', () => {
    const { byMetric } = gateOf([...colourBuckets('blue', 500, 1), ...colourBuckets('green', 500, 2).slice(0, 5)]);
    expect(byMetric.get('latency')).toMatchObject({ decision: 'fail', pValue: null });
    expect(byMetric.get('latency')!.explanation).toBe(
      'not enough evidence: green has 50 successful requests, the gate needs 100 per colour',
    );
  });
});
