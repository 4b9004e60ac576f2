import { describe, expect, it } from 'vitest';
import { tokenCountSchema } from '../../../src/experiment/load-schema.js';
import { drawTokenCount } from '../../../src/load/workloads/token-count.js';
import { Random } from '../../../src/util/random.js';

function draws(input: unknown, count = 20_000, seed = 5): number[] {
  const spec = tokenCountSchema.parse(input);
  const random = new Random(seed);
  return Array.from({ length: count }, () => drawTokenCount(spec, random));
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('token count distributions', () => {
  it('fixed and uniform', () => {
    expect(new Set(draws(7, 100))).toEqual(new Set([7]));
    const uniform = draws({ uniform: [10, 20] });
    expect(Math.min(...uniform)).toBe(10);
    expect(Math.max(...uniform)).toBe(20);
  });

  it('normal: whole numbers around the mean, never below 1', () => {
    const values = draws({ normal: { mean: 200, stddev: 50 } });
    expect(values.every(Number.isInteger)).toBe(true);
    expect(mean(values)).toBeCloseTo(200, -1);
    expect(Math.min(...draws({ normal: { mean: 2, stddev: 10 } }))).toBe(1);
  });

  it('lognormal: the median is the given one, the tail long', () => {
    const values = draws({ lognormal: { median: 100, sigma: 0.8 } });
    expect(Math.abs(median(values) - 100)).toBeLessThan(5);
    expect(Math.max(...values)).toBeGreaterThan(800);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(1);
  });

  it('the same seed draws the same counts', () => {
    expect(draws({ lognormal: { median: 50, sigma: 1 } }, 100, 9)).toEqual(
      draws({ lognormal: { median: 50, sigma: 1 } }, 100, 9),
    );
  });
});
