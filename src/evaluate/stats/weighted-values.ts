import hdr from 'hdr-histogram-js';
import type { Histogram } from '../../journal/histogram.js';

/** A value (ms) and how many samples had it. */
export interface WeightedValue {
  value: number;
  count: number;
}

const MICROS_PER_MS = 1000;

/**
 * The samples an HDR histogram recorded, as (value, count) pairs in ascending order: each
 * bucket at its median equivalent value, so values are exact to the histogram's 3 significant
 * digits. Per-request samples are not kept; these pairs stand in for them.
 */
export function recordedValues(histogram: Histogram): WeightedValue[] {
  if (!(histogram instanceof hdr.JsHistogram)) throw new TypeError('recordedValues needs a JavaScript HDR histogram');
  const values: WeightedValue[] = [];
  let remaining = histogram.totalCount;
  for (let index = 0; remaining > 0 && index < histogram.countsArrayLength; index++) {
    const count = histogram.getCountAtIndex(index);
    if (count === 0) continue;
    values.push({ value: histogram.medianEquivalentValue(histogram.valueFromIndex(index)) / MICROS_PER_MS, count });
    remaining -= count;
  }
  return values;
}

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
