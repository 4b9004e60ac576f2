import { describe, expect, it } from 'vitest';
import { profileSchema, type ProfileInput } from '../../../src/experiment/load-schema.js';
import { profileShape } from '../../../src/load/profiles/shape.js';

const shapeOf = (input: ProfileInput) => profileShape(profileSchema.parse(input));

/** Trapezoid integral of rateAt over [0, t] in arrivals, as an independent check of cumulative. */
function integrate(rateAt: (t: number) => number, tMs: number, steps = 20_000): number {
  const h = tMs / steps;
  let sum = (rateAt(0) + rateAt(tMs)) / 2;
  for (let i = 1; i < steps; i++) sum += rateAt(i * h);
  return (sum * h) / 1000;
}

const KINDS: [string, ProfileInput][] = [
  ['spike', { kind: 'spike', baseRate: 20, peakRate: 200, before: '5s', rise: '2s', hold: '3s', fall: '4s' }],
  ['sine', { kind: 'sine', baseRate: 150, amplitude: 100, period: '10s' }],
  ['sine touching zero, phased', { kind: 'sine', baseRate: 50, amplitude: 50, period: '7s', phase: 33 }],
  [
    'step',
    {
      kind: 'step',
      steps: [
        { rate: 10, duration: '3s' },
        { rate: 0, duration: '2s' },
        { rate: 40, duration: '1s' },
      ],
    },
  ],
  [
    'sequence',
    {
      kind: 'sequence',
      parts: [
        { duration: '4s', profile: { kind: 'constant', rate: 30 } },
        { duration: '6s', profile: { kind: 'sine', baseRate: 60, amplitude: 40, period: '3s' } },
        { duration: '5s', profile: { kind: 'ramp', startRate: 60, stages: [{ target: 5, duration: '5s' }] } },
      ],
    },
  ],
  [
    'sum',
    {
      kind: 'sum',
      profiles: [
        { kind: 'constant', rate: 25 },
        { kind: 'sine', baseRate: 40, amplitude: 40, period: '6s', phase: -90 },
        { kind: 'spike', baseRate: 0, peakRate: 100, before: '8s', rise: '1s', hold: '1s', fall: '1s' },
      ],
    },
  ],
];

describe('profile kinds', () => {
  it('spike: base, linear rise, hold at peak, linear fall, then base for ever', () => {
    const spike = shapeOf(KINDS[0]![1]);
    expect([0, 4_999, 6_000, 7_000, 9_999, 12_000, 14_000, 60_000].map((t) => spike.rateAt(t))).toEqual([
      20, 20, 110, 200, 200, 110, 20, 20,
    ]);
  });

  it('sine: base + amplitude · sin(2πt/period + phase)', () => {
    const sine = shapeOf({ kind: 'sine', baseRate: 150, amplitude: 100, period: '10s', phase: 90 });
    expect(sine.rateAt(0)).toBeCloseTo(250, 9);
    expect(sine.rateAt(5_000)).toBeCloseTo(50, 9);
    expect(sine.rateAt(2_500)).toBeCloseTo(150, 9);
  });

  it('step holds each rate for its duration and the last one afterwards', () => {
    const step = shapeOf(KINDS[3]![1]);
    expect([0, 2_999, 3_000, 4_999, 5_000, 99_000].map((t) => step.rateAt(t))).toEqual([10, 10, 0, 0, 40, 40]);
  });

  it('sequence runs each part on its own clock, and the last part goes on', () => {
    const sequence = shapeOf(KINDS[4]![1]);
    expect(sequence.rateAt(3_999)).toBe(30);
    expect(sequence.rateAt(4_000)).toBeCloseTo(60, 9);
    expect(sequence.rateAt(4_750)).toBeCloseTo(100, 9);
    expect(sequence.rateAt(12_500)).toBeCloseTo(32.5, 9);
    expect(sequence.rateAt(30_000)).toBe(5);
  });

  it('sum adds the rates at every instant', () => {
    const sum = shapeOf(KINDS[5]![1]);
    expect(sum.rateAt(0)).toBeCloseTo(25, 9);
    expect(sum.rateAt(3_000)).toBeCloseTo(25 + 80, 9);
    expect(sum.rateAt(9_500)).toBeCloseTo(
      25 + 40 + 40 * Math.sin(2 * Math.PI * (9_500 / 6_000) - Math.PI / 2) + 100,
      9,
    );
  });

  it.each(KINDS)('%s: cumulative is the integral of the rate, and timeOfCumulative its inverse', (_name, input) => {
    const shape = shapeOf(input);
    for (const t of [0, 1_234, 5_000, 7_777, 10_000, 14_321, 20_000]) {
      expect(shape.cumulative(t)).toBeCloseTo(
        integrate((x) => shape.rateAt(x), t),
        1,
      );
    }
    for (const arrivals of [0.5, 1, 17.25, 100.5, 333, 777.5, 1_500]) {
      const t = shape.timeOfCumulative(arrivals);
      expect(Number.isFinite(t)).toBe(true);
      expect(shape.cumulative(t)).toBeCloseTo(arrivals, 5);
      // The earliest such time: a hair earlier the cumulative has not reached it.
      expect(shape.cumulative(t - 1e-3)).toBeLessThan(arrivals);
    }
  });

  it('a sine with a zero base never reaches an arrival', () => {
    expect(shapeOf({ kind: 'sine', baseRate: 0, amplitude: 0, period: '1s' }).timeOfCumulative(1)).toBe(Infinity);
    expect(shapeOf({ kind: 'sum', profiles: [{ kind: 'constant', rate: 0 }] }).timeOfCumulative(1)).toBe(Infinity);
  });
});

describe('profile validation', () => {
  it('names the field when a sine would go below zero', () => {
    const result = profileSchema.safeParse({ kind: 'sine', baseRate: 10, amplitude: 20, period: '10s' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['amplitude']);
  });

  it('rejects a zero period and a sequence nested in a sequence', () => {
    expect(profileSchema.safeParse({ kind: 'sine', baseRate: 10, amplitude: 5, period: 0 }).success).toBe(false);
    const nested = { kind: 'sequence', parts: [{ duration: '1s', profile: { kind: 'sequence', parts: [] } }] };
    expect(profileSchema.safeParse(nested).success).toBe(false);
  });
});
