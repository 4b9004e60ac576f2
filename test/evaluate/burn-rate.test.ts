import { describe, expect, it } from 'vitest';
import { evaluateRun } from '../../src/evaluate/evaluate.js';
import { experimentSchema } from '../../src/experiment/schema.js';
import { T0, baseExperiment, bucket, journal, steady } from '../support/journal-fixture.js';

const burnSlo = {
  name: 'green budget',
  colour: 'green' as const,
  metric: 'error-rate' as const,
  below: 0.01,
  burnRate: { windows: [{ long: '10s', short: '2s', factor: 2 }], minRequests: 20 },
};

function evaluate(greenBuckets: ReturnType<typeof steady>) {
  const experiment = { ...baseExperiment, rollback: { rules: [] }, slos: [burnSlo] };
  return evaluateRun(journal(experiment, [...steady('blue', 0, 40, 10), ...greenBuckets])).slos[0]!;
}

describe('error-budget burn rate over multiple windows', () => {
  it('fires on a burst the whole-run objective lets through', () => {
    // 3 errors in one second of 400 requests: 0.75 % overall, under the 1 % objective; but over
    // the 2 s window 3/20 = 15× the budget and over 10 s 3/100 = 3×, both above 2×.
    const slo = evaluate([
      ...steady('green', 0, 20, 10),
      bucket({ second: 20, colour: 'green', requests: 10, errors: 3 }),
      ...steady('green', 21, 40, 10),
    ]);
    expect(slo.observed).toBeCloseTo(0.0075, 9);
    expect(slo.pass).toBe(false);
    expect(slo.objective).toBe('error-rate < 1 %, burn rate ≤ 2× over 10s/2s');
    expect(slo.burnRate).toEqual([
      { long: '10s', short: '2s', factor: 2, peak: 3, firedAt: new Date(T0 + 21_000).toISOString() },
    ]);
    expect(slo.reason).toBe('error budget burned 3× over 10s and 2s (limit 2×), first at +21.0 s');
  });

  it('stays quiet on a trickle well inside the budget', () => {
    const slo = evaluate([
      ...steady('green', 0, 20, 10),
      bucket({ second: 20, colour: 'green', requests: 10, errors: 1 }),
      ...steady('green', 21, 40, 10),
    ]);
    expect(slo.pass).toBe(true);
    expect(slo.burnRate![0]).toMatchObject({ firedAt: null, peak: 1 });
  });

  it('is refused on a metric without an error budget, naming the field', () => {
    const result = experimentSchema.safeParse({
      ...baseExperiment,
      slos: [{ ...burnSlo, metric: 'latency', below: 500 }],
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ['slos', 0, 'burnRate'] });
  });
});
