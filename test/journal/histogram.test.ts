import { describe, expect, it } from 'vitest';
import {
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  meanMs,
  percentileMs,
  recordMs,
} from '../../src/journal/histogram.js';
import { Random } from '../../src/util/random.js';

describe('journal histograms', () => {
  it('meanMs agrees with the library mean on recorded and decoded histograms', () => {
    const random = new Random(7).stream('histogram-mean');
    for (const [mean, spread] of [
      [0.4, 0.1],
      [20, 5],
      [350, 120],
      [9000, 4000],
    ] as const) {
      const histogram = createHistogram();
      for (let i = 0; i < 400; i++) recordMs(histogram, Math.max(0.001, random.normal(mean, spread)));
      const decoded = decodeHistogram(encodeHistogram(histogram));
      const libraryMean = histogram.mean / 1000;

      expect(meanMs(histogram)).toBeCloseTo(libraryMean, 9);
      expect(meanMs(decoded)).toBeCloseTo(libraryMean, 9);
    }
  });

  it('keeps sub-millisecond precision and survives encoding', () => {
    const histogram = createHistogram();
    for (const ms of [0.25, 0.5, 0.75, 120, 2500]) recordMs(histogram, ms);
    const decoded = decodeHistogram(encodeHistogram(histogram));
    expect(percentileMs(decoded, 0)).toBeCloseTo(0.25, 3);
    expect(percentileMs(decoded, 100)).toBeCloseTo(2500, -1);
    expect(decoded.totalCount).toBe(5);
  });

  it('has no mean or percentile when empty', () => {
    expect(meanMs(createHistogram())).toBeUndefined();
    expect(percentileMs(createHistogram(), 99)).toBeUndefined();
  });
});
