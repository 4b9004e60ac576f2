import { describe, expect, it } from 'vitest';
import { createHistogram, encodeHistogram, recordMs } from '../../../src/journal/histogram.js';
import { decodeCounts } from '../../../src/journal/histogram-counts.js';
import { HistogramSum, type WeightedValue } from '../../../src/journal/histogram-sums.js';
import { mannWhitneyGreater } from '../../../src/evaluate/stats/mann-whitney.js';
import { normalUpperTail } from '../../../src/evaluate/stats/normal.js';
import { twoProportionGreater } from '../../../src/evaluate/stats/two-proportions.js';
import { weightedMedian } from '../../../src/evaluate/stats/weighted-values.js';

/** Plain samples as weighted values (each distinct value with its count). */
function weighted(samples: readonly number[]): WeightedValue[] {
  const counts = new Map<number, number>();
  for (const sample of samples) counts.set(sample, (counts.get(sample) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0] - b[0]).map(([value, count]) => ({ value, count }));
}

describe('normal upper tail', () => {
  it('matches the standard normal table', () => {
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalUpperTail(-1.644854)).toBeCloseTo(0.95, 6);
    expect(normalUpperTail(5)).toBeCloseTo(2.8665e-7, 9);
  });
});

describe('Mann-Whitney U on weighted samples', () => {
  it('matches scipy.stats.mannwhitneyu (asymptotic, tie-corrected, continuity) on tied data', () => {
    // scipy 1.17: mannwhitneyu(a, b, alternative='greater', method='asymptotic') → U 47, p 0.15361420486534838
    const result = mannWhitneyGreater(weighted([1, 2, 2, 3, 5, 5, 5, 8, 9]), weighted([1, 1, 2, 3, 3, 4, 4, 6]));
    expect(result.u).toBe(47);
    expect(result.pValue).toBeCloseTo(0.15361420486534838, 6);
    expect(result.probabilityLarger).toBeCloseTo(47 / 72, 12);
  });

  it('finds a clear shift and no evidence for the reverse', () => {
    const slow = weighted(Array.from({ length: 200 }, (_, i) => 120 + (i % 20)));
    const fast = weighted(Array.from({ length: 200 }, (_, i) => 100 + (i % 20)));
    expect(mannWhitneyGreater(slow, fast).pValue).toBeLessThan(1e-6);
    expect(mannWhitneyGreater(fast, slow).pValue).toBeGreaterThan(0.999);
  });
});

describe('two-proportion z-test against a margin', () => {
  it('matches the textbook unpooled statistic', () => {
    // (0.075 − 0.025 − 0.01) / sqrt(0.075·0.925/400 + 0.025·0.975/400) = 2.61279; scipy norm.sf → 0.0044903
    const result = twoProportionGreater({ events: 30, trials: 400 }, { events: 10, trials: 400 }, 0.01);
    expect(result.z).toBeCloseTo(2.6127890589687226, 9);
    expect(result.pValue).toBeCloseTo(0.004490335620949418, 6);
  });

  it('lets the difference decide when neither colour varies', () => {
    expect(twoProportionGreater({ events: 0, trials: 300 }, { events: 0, trials: 300 }, 0.01).pValue).toBe(1);
    expect(twoProportionGreater({ events: 300, trials: 300 }, { events: 0, trials: 300 }, 0.01).pValue).toBe(0);
  });
});

describe('recorded values of journal histograms', () => {
  it('gives each recorded value with its count, exact to 3 significant digits', () => {
    const histogram = createHistogram();
    for (const ms of [10, 10, 10, 250.4, 1234]) recordMs(histogram, ms);
    const total = new HistogramSum();
    total.add(decodeCounts(encodeHistogram(histogram)));
    const values = total.values();
    expect(values.map((item) => item.count)).toEqual([3, 1, 1]);
    values.forEach((item, index) => expect(Math.abs(item.value / [10, 250.4, 1234][index]! - 1)).toBeLessThan(0.001));
    expect(weightedMedian(values)).toBeCloseTo(10, 1);
  });
});
