import { describe, expect, it } from 'vitest';
import { profileSchema } from '../../../src/experiment/load-schema.js';
import { profileShape, rateAt } from '../../../src/load/profiles/shape.js';

const ramp = profileSchema.parse({
  kind: 'ramp',
  startRate: 10,
  stages: [
    { target: 110, duration: '10s' },
    { target: 110, duration: '5s' },
    { target: 0, duration: '5s' },
  ],
});

describe('rateAt', () => {
  it('is the rate itself for a constant profile, at any time', () => {
    const constant = profileSchema.parse({ kind: 'constant', rate: 250 });
    expect([0, 999, 3_600_000].map((t) => rateAt(constant, t))).toEqual([250, 250, 250]);
  });

  it('moves linearly through ramp stages and holds the last target afterwards', () => {
    expect(rateAt(ramp, 0)).toBe(10);
    expect(rateAt(ramp, 5_000)).toBeCloseTo(60, 10);
    expect(rateAt(ramp, 10_000)).toBe(110);
    expect(rateAt(ramp, 12_500)).toBe(110);
    expect(rateAt(ramp, 17_500)).toBeCloseTo(55, 10);
    expect(rateAt(ramp, 20_000)).toBe(0);
    expect(rateAt(ramp, 60_000)).toBe(0);
  });

  it('treats a zero-length stage as a jump', () => {
    const jump = profileSchema.parse({
      kind: 'ramp',
      stages: [
        { target: 100, duration: 0 },
        { target: 100, duration: '2s' },
      ],
    });
    expect(rateAt(jump, 0)).toBe(100);
    expect(rateAt(jump, 1_000)).toBe(100);
    expect(profileShape(jump).cumulative(2_000)).toBeCloseTo(200, 9);
  });

  it('holds a ramp that ends above zero at its last target', () => {
    const up = profileSchema.parse({ kind: 'ramp', stages: [{ target: 40, duration: '4s' }] });
    expect(rateAt(up, 2_000)).toBe(20);
    expect(rateAt(up, 100_000)).toBe(40);
  });
});

describe('cumulative arrivals and their inverse', () => {
  const shape = profileShape(ramp);

  it('integrates the piecewise-linear rate exactly', () => {
    // 10→110 over 10 s: 600; hold 110 for 5 s: 550; 110→0 over 5 s: 275.
    expect(shape.cumulative(10_000)).toBeCloseTo(600, 9);
    expect(shape.cumulative(15_000)).toBeCloseTo(1_150, 9);
    expect(shape.cumulative(20_000)).toBeCloseTo(1_425, 9);
    expect(shape.cumulative(3_600_000)).toBeCloseTo(1_425, 9);
  });

  it('inverts the cumulative on rising, flat and falling stretches', () => {
    for (const arrivals of [0.5, 1, 37.25, 600, 800.5, 1_150, 1_300, 1_424.9]) {
      expect(shape.cumulative(shape.timeOfCumulative(arrivals))).toBeCloseTo(arrivals, 6);
    }
  });

  it('never reaches more arrivals than a ramp down to zero plans', () => {
    expect(shape.timeOfCumulative(1_425.5)).toBe(Infinity);
  });

  it('starts from a zero rate without dividing by zero', () => {
    const fromZero = profileShape(profileSchema.parse({ kind: 'ramp', stages: [{ target: 20, duration: '10s' }] }));
    // Λ(t) = t²  (t in seconds): Λ reaches 4 at 2 s.
    expect(fromZero.timeOfCumulative(4)).toBeCloseTo(2_000, 6);
  });
});
