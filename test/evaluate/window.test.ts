import { describe, expect, it } from 'vitest';
import { conditionMetAt, conditionSeries } from '../../src/evaluate/window.js';
import { conditionSchema } from '../../src/shared/condition.js';
import { createHaltWatch } from '../../src/runner/halt-watch.js';
import { bucket, steady, T0 } from '../support/journal-fixture.js';

describe('trailing-window conditions', () => {
  it('dates a breach to the start of the second whose window first crosses', () => {
    const condition = conditionSchema.parse({
      colour: 'green',
      metric: 'error-rate',
      above: 0.1,
      window: '5s',
      minRequests: 10,
    });
    const buckets = [...steady('green', 0, 5, 10), ...steady('green', 5, 10, 10, 5)];
    const points = conditionSeries(condition, buckets, T0, T0 + 10_000);
    // Second 5: 5 errors in 50 requests = 10 %, not above; second 6: 10 in 50 = 20 %.
    expect(points[5]!.value).toBeCloseTo(0.1);
    expect(points[5]!.breach).toBe(false);
    expect(points[6]!.breach).toBe(true);
    expect(conditionMetAt(condition, points)).toBe(T0 + 6000);
  });

  it('waits for `for` before counting the condition as met', () => {
    const condition = conditionSchema.parse({
      colour: 'green',
      metric: 'error-rate',
      above: 0.1,
      window: '2s',
      for: '3s',
      minRequests: 1,
    });
    const buckets = [...steady('green', 0, 2, 10), ...steady('green', 2, 10, 10, 5)];
    const points = conditionSeries(condition, buckets, T0, T0 + 10_000);
    expect(conditionMetAt(condition, points)).toBe(T0 + 2000 + 3000);
  });

  it('a breach that stops before `for` has passed does not count', () => {
    const condition = conditionSchema.parse({
      colour: 'green',
      metric: 'error-rate',
      above: 0.1,
      window: '1s',
      for: '3s',
      minRequests: 1,
    });
    const buckets = [...steady('green', 0, 2, 10, 5), ...steady('green', 2, 10, 10)];
    expect(conditionMetAt(condition, conditionSeries(condition, buckets, T0, T0 + 10_000))).toBeUndefined();
  });

  it('judges latency percentiles over the window', () => {
    const condition = conditionSchema.parse({
      colour: 'blue',
      metric: 'latency',
      percentile: 99,
      above: 1000,
      window: '3s',
      minRequests: 1,
    });
    const buckets = [
      bucket({ second: 0, colour: 'blue', requests: 5, latencyMs: 200 }),
      bucket({ second: 1, colour: 'blue', requests: 5, latencyMs: 2500 }),
    ];
    const points = conditionSeries(condition, buckets, T0, T0 + 2000);
    expect(points[0]!.breach).toBe(false);
    expect(points[1]!.value).toBeCloseTo(2500, -1);
    expect(conditionMetAt(condition, points)).toBe(T0 + 1000);
  });

  it('the live halt watch stops at the first second a halt condition holds', () => {
    const halts: string[] = [];
    const watch = createHaltWatch(
      [
        {
          ...conditionSchema.parse({ colour: 'blue', metric: 'error-rate', above: 0.5, window: '2s', minRequests: 5 }),
          name: 'blue down',
        },
      ],
      T0,
      (reason) => halts.push(reason),
    );
    for (const event of [...steady('blue', 0, 3, 10), ...steady('blue', 3, 8, 10, 10)]) {
      watch(event);
      if (event.t === T0 + 3000) expect(halts).toEqual([]);
    }
    expect(halts).toEqual(['blue down: blue error rate > 50 % over 2s']);
  });
});
