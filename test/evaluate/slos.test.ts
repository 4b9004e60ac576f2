import { describe, expect, it } from 'vitest';
import { evaluateRun } from '../../src/evaluate/evaluate.js';
import { baseExperiment, bucket, journal, routerState, steady } from '../support/journal-fixture.js';

const experiment = {
  ...baseExperiment,
  rollback: { rules: [] },
  slos: [
    { name: 'blue errors', colour: 'blue' as const, metric: 'error-rate' as const, below: 0.01 },
    {
      name: 'green errors in baseline',
      colour: 'green' as const,
      phase: 'baseline',
      metric: 'error-rate' as const,
      below: 0.01,
    },
    {
      name: 'green errors in fault',
      colour: 'green' as const,
      phase: 'fault',
      metric: 'error-rate' as const,
      below: 0.01,
    },
    { name: 'blue p99', colour: 'blue' as const, metric: 'latency' as const, percentile: 99, below: 500 },
    {
      name: 'green ttft p95 in fault',
      colour: 'green' as const,
      phase: 'fault',
      metric: 'ttft' as const,
      percentile: 95,
      below: 200,
    },
    { name: 'throughput', metric: 'throughput' as const, above: 15 },
    { name: 'nothing dropped', metric: 'dropped' as const, below: 1 },
  ],
};

describe('SLO evaluation per colour and phase', () => {
  const events = [
    routerState(0, 50, 50),
    ...steady('blue', 0, 40, 10),
    ...steady('green', 0, 10, 10),
    // In the fault phase green fails 2 of 10 and its first token takes 400 ms.
    ...Array.from({ length: 20 }, (_, i) =>
      bucket({ second: 10 + i, colour: 'green', requests: 10, errors: 2, ttftMs: 400 }),
    ),
    ...steady('green', 30, 40, 10),
    bucket({ second: 35, colour: 'unknown', requests: 0, dropped: 3 }),
  ];
  const summary = evaluateRun(journal(experiment, events));
  const byName = new Map(summary.slos.map((slo) => [slo.name, slo]));

  it('passes and fails each objective on the right slice of traffic', () => {
    expect(byName.get('blue errors')).toMatchObject({
      pass: true,
      observed: 0,
      requests: 400,
      objective: 'error-rate < 1 %',
    });
    expect(byName.get('green errors in baseline')).toMatchObject({ pass: true, observed: 0, requests: 100 });
    expect(byName.get('green errors in fault')).toMatchObject({ pass: false, observed: 0.2, requests: 200 });
    expect(byName.get('blue p99')!.pass).toBe(true);
    expect(byName.get('blue p99')!.observed).toBeCloseTo(100, 0);
    expect(byName.get('green ttft p95 in fault')!.pass).toBe(false);
    expect(byName.get('green ttft p95 in fault')!.observed).toBeCloseTo(400, 0);
    // (400 + 400 - 40 errors) completed requests over 40 s = 19 rps.
    expect(byName.get('throughput')).toMatchObject({ pass: true, observed: 19 });
    expect(byName.get('nothing dropped')).toMatchObject({ pass: false, observed: 3 });
  });

  it('explains failures in the summary reasons', () => {
    expect(summary.verdict).toBe('fail');
    expect(summary.reasons.some((reason) => reason.includes('green errors in fault') && reason.includes('20 %'))).toBe(
      true,
    );
  });

  it('fails an objective with no traffic to judge rather than passing it', () => {
    const quiet = evaluateRun(
      journal(
        { ...experiment, slos: [{ name: 'green p99', colour: 'green', metric: 'latency', below: 1 }] },
        steady('blue', 0, 40, 5),
      ),
    );
    expect(quiet.slos[0]).toMatchObject({ pass: false, observed: null, reason: 'no requests to judge' });
  });
});
