import { describe, expect, it } from 'vitest';
import { profileSchema, type Profile } from '../../../src/experiment/load-schema.js';
import { arrivalTimes } from '../../../src/load/profiles/arrivals.js';
import { profileShape } from '../../../src/load/profiles/shape.js';
import { Random } from '../../../src/util/random.js';

function perSecond(times: Iterable<number>, seconds: number): number[] {
  const counts = new Array<number>(seconds).fill(0);
  for (const t of times) counts[Math.floor(t / 1000)]! += 1;
  return counts;
}

const constant = (rate: number): Profile => profileSchema.parse({ kind: 'constant', rate });

describe('even arrivals', () => {
  it('put exactly `rate` arrivals in every second of a constant profile', () => {
    const counts = perSecond(arrivalTimes(constant(200), 5_000, 'even', new Random(1)), 5);
    expect(counts).toEqual([200, 200, 200, 200, 200]);
  });

  it('space a constant rate evenly, within the run', () => {
    const times = [...arrivalTimes(constant(4), 1_000, 'even', new Random(1))];
    expect(times).toEqual([125, 375, 625, 875]);
  });

  it('follow a ramp: each second holds its integral of the rate, within one', () => {
    const ramp = profileSchema.parse({
      kind: 'ramp',
      startRate: 0,
      stages: [
        { target: 100, duration: '10s' },
        { target: 20, duration: '4s' },
      ],
    });
    const shape = profileShape(ramp);
    const counts = perSecond(arrivalTimes(ramp, 16_000, 'even', new Random(1)), 16);
    counts.forEach((count, second) => {
      const planned = shape.cumulative((second + 1) * 1000) - shape.cumulative(second * 1000);
      expect(Math.abs(count - planned)).toBeLessThanOrEqual(1);
    });
    const total = counts.reduce((a, b) => a + b, 0);
    expect(Math.abs(total - shape.cumulative(16_000))).toBeLessThanOrEqual(1);
  });

  it('produce nothing for a zero rate and stop at the end of the run', () => {
    expect([...arrivalTimes(constant(0), 10_000, 'even', new Random(1))]).toEqual([]);
    const times = [...arrivalTimes(constant(1000), 2_000, 'even', new Random(1))];
    expect(times).toHaveLength(2_000);
    expect(Math.max(...times)).toBeLessThan(2_000);
  });
});

describe('poisson arrivals', () => {
  it('have the planned mean and Poisson dispersion per second', () => {
    const seconds = 60;
    const counts = perSecond(arrivalTimes(constant(500), seconds * 1000, 'poisson', new Random(7)), seconds);
    const mean = counts.reduce((a, b) => a + b, 0) / seconds;
    const variance = counts.reduce((sum, c) => sum + (c - mean) ** 2, 0) / (seconds - 1);
    // Mean of 60 Poisson(500) counts: standard error ≈ 2.9; 5σ bounds.
    expect(Math.abs(mean - 500)).toBeLessThan(15);
    // Index of dispersion ≈ 1 for Poisson (even spacing would give ≈ 0).
    expect(variance / mean).toBeGreaterThan(0.5);
    expect(variance / mean).toBeLessThan(1.6);
  });

  it('follow a ramp by time rescaling', () => {
    const ramp = profileSchema.parse({ kind: 'ramp', startRate: 0, stages: [{ target: 400, duration: '20s' }] });
    const times = [...arrivalTimes(ramp, 20_000, 'poisson', new Random(3))];
    // Λ(20 s) = 4000, so the count is Poisson(4000): σ ≈ 63.
    expect(Math.abs(times.length - 4_000)).toBeLessThan(320);
    const firstHalf = times.filter((t) => t < 10_000).length;
    // Λ(10 s) = 1000: a quarter of the arrivals in the first half.
    expect(Math.abs(firstHalf - 1_000)).toBeLessThan(160);
  });

  it('replay the same times for the same seed, and other times for another', () => {
    const run = (seed: number): number[] => [...arrivalTimes(constant(100), 2_000, 'poisson', new Random(seed))];
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('come out increasing', () => {
    const times = [...arrivalTimes(constant(300), 3_000, 'poisson', new Random(5))];
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
  });
});

describe('laziness', () => {
  it('yields the first arrivals of an hour at 5,000 rps without computing the rest', () => {
    const iterator = arrivalTimes(constant(5_000), 3_600_000, 'poisson', new Random(1));
    const first = [iterator.next().value, iterator.next().value, iterator.next().value];
    expect(first.every((t) => typeof t === 'number' && t < 10)).toBe(true);
  });
});
