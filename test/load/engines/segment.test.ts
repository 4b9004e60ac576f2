import { describe, expect, it } from 'vitest';
import { loadSchema, type Profile } from '../../../src/experiment/load-schema.js';
import { arrivalTimes } from '../../../src/load/profiles/arrivals.js';
import {
  segmentArrivals,
  segmentNotation,
  segmentSequence,
  segmentShare,
  type ExecutionSegment,
} from '../../../src/load/segment.js';
import { WorkloadSampler } from '../../../src/load/workloads/sampler.js';
import { Random } from '../../../src/util/random.js';

const DURATION_MS = 20_000;
const PROFILES: Record<string, { profile: Profile; arrival: 'even' | 'poisson' | 'gamma'; burstiness?: number }> = {
  'ramp, evenly spaced': {
    profile: { kind: 'ramp', startRate: 5, stages: [{ target: 400, duration: 15_000 }] },
    arrival: 'even',
  },
  'sine, Poisson arrivals': {
    profile: { kind: 'sine', baseRate: 150, amplitude: 120, period: 7_000, phase: 0 },
    arrival: 'poisson',
  },
  'spike, bursty gamma arrivals': {
    profile: { kind: 'spike', baseRate: 40, peakRate: 300, before: 5_000, rise: 1_000, hold: 4_000, fall: 2_000 },
    arrival: 'gamma',
    burstiness: 0.4,
  },
};
const SEEDS = [1, 42, 90_210];
const WORKLOAD = loadSchema.parse({
  profile: { kind: 'constant', rate: 1 },
  workload: {
    mix: [
      { weight: 3, request: { kind: 'chat', promptTokens: { lognormal: { median: 40, sigma: 0.8 } }, maxTokens: 32 } },
      { weight: 1, request: { kind: 'ollama-generate', promptTokens: { uniform: [5, 50] } } },
    ],
  },
}).workload;

/** One segment's planned arrivals and the request it sends at each, as a worker of the engine draws them. */
function segmentRequests(seed: number, name: string, segment: ExecutionSegment): [number, string][] {
  const { profile, arrival, burstiness } = PROFILES[name]!;
  const random = new Random(seed);
  const sampler = new WorkloadSampler(WORKLOAD, 'm', random.stream('workload'));
  const timeline = arrivalTimes(profile, DURATION_MS, arrival, random.stream('arrivals'), burstiness);
  const requests: [number, string][] = [];
  // As the engine's arrival loop does: each arrival's request is drawn before the timeline moves on.
  for (const at of segmentArrivals(timeline, segment, () => sampler.skip())) requests.push([at, sampler.next().body]);
  return requests;
}

describe('execution segments of the arrival timeline', () => {
  describe.each(Object.keys(PROFILES))('%s', (name) => {
    it.each(SEEDS)('seed %i: the segments together are exactly the one-worker timeline, requests included', (seed) => {
      const whole = segmentRequests(seed, name, { index: 0, count: 1 });
      expect(whole.length).toBeGreaterThan(1_000);
      for (const count of [2, 3, 4]) {
        const segments = Array.from({ length: count }, (_, index) => segmentRequests(seed, name, { index, count }));
        // Each segment takes every count-th arrival: the union, in timeline order, is the whole.
        const merged = whole.map((_, position) => segments[position % count]![Math.floor(position / count)]);
        expect(merged).toEqual(whole);
        expect(segments.reduce((sum, segment) => sum + segment.length, 0)).toBe(whole.length);
      }
    });
  });

  it('gives each segment the profile’s rate over the segment count at every moment', () => {
    const profile: Profile = { kind: 'ramp', startRate: 0, stages: [{ target: 600, duration: 10_000 }] };
    const arrivals = (segment: ExecutionSegment): number[] => [
      ...segmentArrivals(arrivalTimes(profile, 10_000, 'even', new Random(1)), segment),
    ];
    const perSecond = (times: number[]): number[] =>
      Array.from({ length: 10 }, (_, s) => times.filter((t) => t >= s * 1000 && t < (s + 1) * 1000).length);
    const whole = perSecond(arrivals({ index: 0, count: 1 }));
    for (let index = 0; index < 3; index++) {
      perSecond(arrivals({ index, count: 3 })).forEach((count, second) =>
        expect(Math.abs(count - whole[second]! / 3)).toBeLessThanOrEqual(1),
      );
    }
  });

  it('shares a whole number out so the shares add up to it', () => {
    for (const total of [1, 7, 50, 512]) {
      for (const count of [1, 2, 3, 8]) {
        const shares = Array.from({ length: count }, (_, index) => segmentShare(total, { index, count }));
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('writes segments and their sequence as k6’s --execution-segment flags do', () => {
    expect(segmentSequence(4)).toBe('0,1/4,1/2,3/4,1');
    expect([0, 1, 2, 3].map((index) => segmentNotation({ index, count: 4 }))).toEqual([
      '0:1/4',
      '1/4:1/2',
      '1/2:3/4',
      '3/4:1',
    ]);
    expect(segmentNotation({ index: 0, count: 1 })).toBe('0:1');
  });
});
