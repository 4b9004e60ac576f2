import { describe, expect, it } from 'vitest';
import { availability, unavailableCount } from '../../src/evaluate/availability.js';
import { evaluateRun } from '../../src/evaluate/evaluate.js';
import { baseExperiment, bucket, journal } from '../support/journal-fixture.js';

describe('availability', () => {
  it('counts 5xx and transport failures as unavailable, 4xx and aborted requests not', () => {
    const outcomes = { '200': 90, '429': 4, '404': 1, '503': 2, timeout: 1, 'stream-cut': 1, reset: 1, aborted: 3 };
    expect(unavailableCount(outcomes)).toBe(5);
    expect(availability(100, unavailableCount(outcomes))).toBeCloseTo(0.95, 12);
    expect(availability(0, 0)).toBeUndefined();
  });

  it('is judged as an SLO next to the error rate, which counts 4xx too', () => {
    const experiment = {
      ...baseExperiment,
      rollback: { rules: [] },
      slos: [
        { name: 'available', metric: 'availability' as const, above: 0.99 },
        { name: 'errors', metric: 'error-rate' as const, below: 0.01 },
      ],
    };
    const shedding = {
      ...bucket({ second: 1, colour: 'blue', requests: 100, errors: 5 }),
      outcomes: { '200': 95, '429': 5 },
    };
    const summary = evaluateRun(journal(experiment, [shedding]));
    expect(summary.slos[0]).toMatchObject({
      name: 'available',
      pass: true,
      observed: 1,
      objective: 'availability > 99 %',
    });
    expect(summary.slos[1]).toMatchObject({ name: 'errors', pass: false, observed: 0.05 });
  });
});
