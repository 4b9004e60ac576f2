import hdr from 'hdr-histogram-js';
import { createHistogram, type Histogram } from './histogram.js';

/**
 * The bucket indexing of every journal histogram (see createHistogram), taken from
 * hdr-histogram-js itself: how a counts-array index maps to a value, and how a percentile picks
 * its rank. Sparse counts (histogram-counts.ts) and sums (histogram-sums.ts) share it.
 */
const reference = javaScriptHistogram(createHistogram());

/** Indices cover every value up to Number.MAX_SAFE_INTEGER µs. */
export const INDEX_LIMIT = reference.determineArrayLengthNeeded(Number.MAX_SAFE_INTEGER);

const highestValues = new Float64Array(INDEX_LIMIT).fill(Number.NaN);
const medianValues = new Float64Array(INDEX_LIMIT).fill(Number.NaN);

/** A value of the bucket at `index` (µs), taken from the reference histogram once and kept. */
function bucketValue(table: Float64Array, index: number, equivalent: (value: number) => number): number {
  let value = table[index]!;
  if (Number.isNaN(value)) {
    value = equivalent(reference.valueFromIndex(index));
    table[index] = value;
  }
  return value;
}

/** The highest value (µs) of the bucket at `index`: what a percentile reports. */
export function highestValueAt(index: number): number {
  return bucketValue(highestValues, index, (value) => reference.highestEquivalentValue(value));
}

/** The middle value (µs) of the bucket at `index`: what a mean counts each value as. */
export function medianValueAt(index: number): number {
  return bucketValue(medianValues, index, (value) => reference.medianEquivalentValue(value));
}

/** The index of the bucket a value (µs) falls in. */
export function indexOfValue(value: number): number {
  return reference.countsArrayIndex(value);
}

/** The rank a percentile asks for, rounded as hdr-histogram-js rounds it. */
export function rankAt(percentile: number, total: number): number {
  const exact = (Math.min(percentile, 100) / 100) * total;
  const ulp = exact === 0 ? 0 : 2 ** (Math.floor(Math.log2(exact)) - 52);
  return Math.max(Math.ceil(exact - ulp), 1);
}

/** The library's JavaScript histograms expose their indexing; its WebAssembly ones do not. */
export function javaScriptHistogram(histogram: Histogram): InstanceType<typeof hdr.JsHistogram> {
  if (!(histogram instanceof hdr.JsHistogram)) throw new TypeError('expected a JavaScript HDR histogram');
  return histogram;
}
