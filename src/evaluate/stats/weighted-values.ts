import type { WeightedValue } from '../../journal/histogram-sums.js';

export function totalCount(values: readonly WeightedValue[]): number {
  return values.reduce((sum, item) => sum + item.count, 0);
}

/** The median of weighted values (the lower middle one for an even count). */
export function weightedMedian(values: readonly WeightedValue[]): number | undefined {
  const half = totalCount(values) / 2;
  let seen = 0;
  for (const item of values) {
    seen += item.count;
    if (seen >= half) return item.value;
  }
  return undefined;
}
