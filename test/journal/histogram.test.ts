import { describe, expect, it } from 'vitest';
import { createHistogram, encodeHistogram, recordMs } from '../../src/journal/histogram.js';
import { countsPercentileMs, decodeCounts } from '../../src/journal/histogram-counts.js';

describe('journal histograms', () => {
  it('keep sub-millisecond precision and survive encoding', () => {
    const histogram = createHistogram();
    for (const ms of [0.25, 0.5, 0.75, 120, 2500]) recordMs(histogram, ms);
    const decoded = decodeCounts(encodeHistogram(histogram));
    expect(countsPercentileMs(decoded, 1)).toBeCloseTo(0.25, 3);
    expect(countsPercentileMs(decoded, 100)).toBeCloseTo(2500, -1);
    expect(decoded?.total).toBe(5);
  });
});
