import { describe, expect, it } from 'vitest';
import { loadSchema, profileSchema } from '../../../src/experiment/load-schema.js';
import { arrivalTimes } from '../../../src/load/profiles/arrivals.js';
import { Random } from '../../../src/util/random.js';

const constant = profileSchema.parse({ kind: 'constant', rate: 500 });

/** Coefficient of variation of the gaps between arrivals: 1 for Poisson, 0 for even spacing. */
function gapVariation(times: readonly number[]): number {
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  const variance = gaps.reduce((sum, gap) => sum + (gap - mean) ** 2, 0) / gaps.length;
  return Math.sqrt(variance) / mean;
}

describe('gamma arrivals', () => {
  it('keep the mean rate at any burstiness', () => {
    for (const burstiness of [0.25, 1, 4]) {
      const count = [...arrivalTimes(constant, 60_000, 'gamma', new Random(7), burstiness)].length;
      expect(Math.abs(count - 30_000) / 30_000).toBeLessThan(0.03);
    }
  });

  it('bunch below burstiness 1, look Poisson at 1, and grow regular above it', () => {
    const variation = (burstiness: number): number =>
      gapVariation([...arrivalTimes(constant, 20_000, 'gamma', new Random(3), burstiness)]);
    // The gaps' CV is 1/√burstiness.
    expect(variation(0.25)).toBeCloseTo(2, 0);
    expect(variation(1)).toBeCloseTo(1, 1);
    expect(variation(4)).toBeCloseTo(0.5, 1);
  });

  it('are the same for the same seed and differ for another', () => {
    const timeline = (seed: number): number[] => [...arrivalTimes(constant, 2_000, 'gamma', new Random(seed), 0.5)];
    expect(timeline(11)).toEqual(timeline(11));
    expect(timeline(12)).not.toEqual(timeline(11));
  });
});

describe('load validation', () => {
  it('takes exactly one of profile and concurrency', () => {
    expect(loadSchema.safeParse({ concurrency: 8 }).success).toBe(true);
    const both = loadSchema.safeParse({ concurrency: 8, profile: { kind: 'constant', rate: 1 } });
    const neither = loadSchema.safeParse({});
    for (const result of [both, neither]) {
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/exactly one of `profile`.*`concurrency`/);
    }
  });

  it('takes burstiness only with gamma arrivals', () => {
    const profile = { kind: 'constant', rate: 1 };
    expect(loadSchema.safeParse({ profile, arrival: 'gamma', burstiness: 0.5 }).success).toBe(true);
    const result = loadSchema.safeParse({ profile, arrival: 'poisson', burstiness: 0.5 });
    expect(result.error?.issues[0]?.path).toEqual(['burstiness']);
  });

  it('parses goodput objectives as durations', () => {
    const load = loadSchema.parse({ concurrency: 2, goodput: { ttft: '500ms', tpot: 50, e2e: '10s' } });
    expect(load.goodput).toEqual({ ttft: 500, tpot: 50, e2e: 10_000 });
  });
});
