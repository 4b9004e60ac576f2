import { describe, expect, it } from 'vitest';
import { profileSchema } from '../../../src/experiment/load-schema.js';
import { MAX_RELATIVE_ERROR, profileStages, stagesRateAt } from '../../../src/load/engines/k6/rate-stages.js';
import { profileShape } from '../../../src/load/profiles/shape.js';

describe('k6 stages of a recorded series', () => {
  // Half an hour of recorded rates (one point a minute), replayed 30 times faster: one minute.
  const points = Array.from({ length: 31 }, (_, minute): [number, number] => [
    minute * 60,
    Math.round(120 + 80 * Math.sin(minute / 4) + (minute % 7) * 3),
  ]);
  const profile = profileSchema.parse({ kind: 'series', points, speedup: 30 });
  const durationMs = 60_000;

  it('follow the exact rate within the stated error, at every point and between them', () => {
    const stages = profileStages(profile, durationMs);
    expect(stages.maxRelativeError).toBeLessThanOrEqual(MAX_RELATIVE_ERROR);
    const shape = profileShape(profile);
    for (let t = 0; t <= durationMs; t += 250) {
      const exact = shape.rateAt(t);
      expect(Math.abs(stagesRateAt(stages, t) - exact) / Math.max(exact, stages.peakRps / 100)).toBeLessThanOrEqual(
        MAX_RELATIVE_ERROR,
      );
    }
  });

  it('are whole numbers per time unit and add up to the run', () => {
    const stages = profileStages(profile, durationMs);
    expect(stages.timeUnit).toBe('1s');
    expect(stages.stages.every((stage) => Number.isInteger(stage.target))).toBe(true);
    const total = stages.stages.reduce((sum, stage) => sum + Number(stage.duration.replace('ms', '')), 0);
    expect(total).toBe(durationMs);
    // A piecewise-linear series needs no more stages than it has segments.
    expect(stages.stages.length).toBeLessThanOrEqual(points.length - 1);
  });

  it('refuse a trace, which k6 cannot replay', () => {
    const trace = profileSchema.parse({ kind: 'trace', requests: [[0, 10, 5]] });
    expect(() => profileStages(trace, 1000)).toThrow(/use the native engine/);
  });
});
