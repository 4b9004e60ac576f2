import hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { createHistogram, decodeHistogram, encodeHistogram, recordMs } from '../../src/journal/histogram.js';
import { HistogramSum, HistogramWindow } from '../../src/journal/histogram-sums.js';
import {
  countsMeanMs,
  countsPercentileMs,
  decodeCounts,
  mergeCounts,
  type HistogramCounts,
} from '../../src/journal/histogram-counts.js';
import { Random } from '../../src/util/random.js';

const PERCENTILES = [0.1, 1, 25, 50, 90, 95, 99, 99.9, 100];

/** A histogram as the engine records one, from `count` values around `meanMs`. */
function recorded(random: Random, count: number, meanMs: number, spread: number) {
  const histogram = createHistogram();
  for (let i = 0; i < count; i++) recordMs(histogram, Math.max(0.001, random.normal(meanMs, spread)));
  return histogram;
}

const CASES = [
  [1, 120, 10],
  [10, 0.4, 0.1],
  [40, 20, 5],
  [400, 350, 120],
  [2000, 9000, 4000],
  [50, 2_000_000, 1_000_000],
] as const;

describe('histogram counts', () => {
  it('decode to what the library decodes: the same percentiles and mean', () => {
    const random = new Random(11).stream('counts');
    for (const [count, mean, spread] of CASES) {
      const encoded = encodeHistogram(recorded(random, count, mean, spread));
      const library = decodeHistogram(encoded);
      const counts = decodeCounts(encoded);

      expect(counts?.total).toBe(library.totalCount);
      for (const p of PERCENTILES) expect(countsPercentileMs(counts, p)).toBe(library.getValueAtPercentile(p) / 1000);
      expect(countsMeanMs(counts)).toBeCloseTo(library.mean / 1000, 9);
    }
  });

  it('re-index histograms of another configuration through the library', () => {
    const other = hdr.build({
      lowestDiscernibleValue: 1,
      highestTrackableValue: 10_000_000,
      numberOfSignificantValueDigits: 2,
    });
    for (const micros of [300, 300, 4500, 120_000]) other.recordValue(micros);
    const counts = decodeCounts(hdr.encodeIntoCompressedBase64(other));

    expect(counts?.total).toBe(4);
    expect(countsPercentileMs(counts, 50)).toBeCloseTo(0.3, 2);
    expect(countsPercentileMs(counts, 100)).toBeCloseTo(120, -1);
  });

  it('sum, merge and slide to what the library merges', () => {
    const random = new Random(12).stream('totals');
    const histograms = CASES.map(([count, mean, spread]) => recorded(random, count, mean, spread));
    const decoded = histograms.map((histogram) => decodeCounts(encodeHistogram(histogram)));
    const sum = new HistogramSum();
    const window = new HistogramWindow();
    const merged = createHistogram();
    for (const [index, histogram] of histograms.entries()) {
      sum.add(decoded[index]);
      window.add(decoded[index]);
      merged.add(histogram);
      const together = mergeCounts(decoded.slice(0, index + 1));
      expect(sum.total).toBe(merged.totalCount);
      expect(together?.total).toBe(merged.totalCount);
      for (const p of PERCENTILES) {
        const expected = merged.getValueAtPercentile(p) / 1000;
        expect([sum.percentileMs(p), window.percentileMs(p), countsPercentileMs(together, p)]).toEqual([
          expected,
          expected,
          expected,
        ]);
      }
      expect(sum.meanMs()).toBeCloseTo(merged.mean / 1000, 6);
      expect(countsMeanMs(...decoded.slice(0, index + 1))).toBeCloseTo(merged.mean / 1000, 6);
    }
    expect(sum.values().reduce((total, value) => total + value.count, 0)).toBe(merged.totalCount);
    // The window slides: the oldest leave, the rest must read as their own merge.
    window.remove(decoded[0]);
    window.remove(decoded[1]);
    const rest = createHistogram();
    for (const histogram of histograms.slice(2)) rest.add(histogram);
    for (const p of PERCENTILES) expect(window.percentileMs(p)).toBe(rest.getValueAtPercentile(p) / 1000);
  });

  it('have no percentile or mean when nothing was recorded', () => {
    const nothing: HistogramCounts | undefined = decodeCounts('');
    expect(nothing).toBeUndefined();
    expect(countsPercentileMs(nothing, 99)).toBeUndefined();
    expect(countsMeanMs(nothing)).toBeUndefined();
    const sum = new HistogramSum();
    expect([sum.percentileMs(50), sum.meanMs(), new HistogramWindow().percentileMs(50)]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(sum.values()).toEqual([]);
    expect(mergeCounts([nothing, nothing])).toBeUndefined();
  });
});
