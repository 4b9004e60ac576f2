import { inflateSync } from 'fflate';
import hdr from 'hdr-histogram-js';
import { createHistogram, decodeHistogram, type Histogram } from './histogram.js';

/**
 * The journal's histograms as their non-empty counts. hdr-histogram-js decodes every histogram
 * into a dense array of ~23,500 counts (~200 µs) and walks the whole array for a percentile or a
 * merge; a 24-hour run holds hundreds of thousands of histograms of a few dozen values each, so
 * that way takes minutes. Here a histogram is decoded into the buckets it uses (from the same
 * V2 format the library writes) and sums of many live in a Fenwick tree over the library's own
 * bucket indices: adding, removing and a percentile cost the values' count times a logarithm.
 * Values, percentiles and means follow the library's definitions (tested against it).
 */
export interface HistogramCounts {
  /** The library's counts-array indices of the non-empty buckets, ascending. */
  readonly indices: Int32Array;
  readonly counts: Float64Array;
  readonly total: number;
}

const MICROS_PER_MS = 1000;
/** Cookies of HdrHistogram's V2 encoding (the low nibble of the second byte carries flags). */
const COMPRESSED_COOKIE = 0x1c849304;
const PAYLOAD_COOKIE = 0x1c849303;
const COOKIE_FLAGS = 0xf0;
const PAYLOAD_HEADER_BYTES = 40;
/** zlib wraps the deflated payload in a 2-byte header (no preset dictionary in HdrHistogram's). */
const ZLIB_HEADER_BYTES = 2;

/** The histogram every journal histogram is recorded with (see createHistogram): its indexing. */
const reference = javaScriptHistogram(createHistogram());
const INDEX_LIMIT = reference.determineArrayLengthNeeded(Number.MAX_SAFE_INTEGER);
/** The largest power of two within the Fenwick tree: where a descent starts. */
const TREE_TOP = 2 ** Math.floor(Math.log2(INDEX_LIMIT));
const highestValues = new Float64Array(INDEX_LIMIT).fill(Number.NaN);
const medianValues = new Float64Array(INDEX_LIMIT).fill(Number.NaN);
/**
 * Where payloads are inflated: node:zlib spends ~30 µs setting up every call, more than the
 * inflating; fflate into a reused buffer takes ~3 µs. Large enough for any payload (a header
 * and at most 9 bytes per bucket), since fflate does not grow a buffer it is given.
 */
const inflated = new Uint8Array(PAYLOAD_HEADER_BYTES + 9 * INDEX_LIMIT);
/** Where counts are gathered before they are copied out at their size. */
const gatheredIndices = new Int32Array(INDEX_LIMIT);
const gatheredCounts = new Float64Array(INDEX_LIMIT);

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
function highestValueAt(index: number): number {
  return bucketValue(highestValues, index, (value) => reference.highestEquivalentValue(value));
}

/** The middle value (µs) of the bucket at `index`: what a mean counts each value as. */
function medianValueAt(index: number): number {
  return bucketValue(medianValues, index, (value) => reference.medianEquivalentValue(value));
}

/** Decodes a bucket's histogram field; undefined for '' (nothing recorded). */
export function decodeCounts(encoded: string): HistogramCounts | undefined {
  if (encoded === '') return undefined;
  const bytes = Buffer.from(encoded, 'base64');
  if ((bytes.readInt32BE(0) & ~COOKIE_FLAGS) !== COMPRESSED_COOKIE) return countsOfLibraryDecode(encoded);
  const deflated = bytes.subarray(8 + ZLIB_HEADER_BYTES, 8 + bytes.readInt32BE(4));
  const bytesOut = inflateSync(deflated, { out: inflated });
  const payload = new DataView(bytesOut.buffer, bytesOut.byteOffset, bytesOut.byteLength);
  const sameIndexing = payload.getInt32(12) === 3 && payload.getBigInt64(16) === 1n;
  if ((payload.getInt32(0) & ~COOKIE_FLAGS) !== PAYLOAD_COOKIE || !sameIndexing) {
    return countsOfLibraryDecode(encoded);
  }
  return readCounts(bytesOut, PAYLOAD_HEADER_BYTES, PAYLOAD_HEADER_BYTES + payload.getInt32(4));
}

/** The counts are ZigZag LEB128 numbers: a count, or minus the length of a run of empty buckets. */
function readCounts(payload: Uint8Array, start: number, end: number): HistogramCounts {
  let entries = 0;
  let total = 0;
  let index = 0;
  let position = start;
  while (position < end) {
    let raw = 0;
    let scale = 1;
    for (let byte = 0; byte < 9; byte++) {
      const next = payload[position++]!;
      raw += (next & 0x7f) * scale;
      scale *= 128;
      if ((next & 0x80) === 0) break;
    }
    const value = raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    if (value < 0) {
      index -= value;
      continue;
    }
    if (value > 0 && index < INDEX_LIMIT) {
      gatheredIndices[entries] = index;
      gatheredCounts[entries++] = value;
      total += value;
    }
    index++;
  }
  return { indices: gatheredIndices.slice(0, entries), counts: gatheredCounts.slice(0, entries), total };
}

/** Any other configuration: the library decodes it, its values are re-indexed into ours. */
function countsOfLibraryDecode(encoded: string): HistogramCounts {
  const histogram = javaScriptHistogram(decodeHistogram(encoded));
  const byIndex = new Map<number, number>();
  for (let index = 0; index < histogram.countsArrayLength; index++) {
    const count = histogram.getCountAtIndex(index);
    if (count === 0) continue;
    const ours = reference.countsArrayIndex(histogram.valueFromIndex(index));
    byIndex.set(ours, (byIndex.get(ours) ?? 0) + count);
  }
  const sorted = [...byIndex.entries()].sort(([a], [b]) => a - b);
  return {
    indices: Int32Array.from(sorted.map(([index]) => index)),
    counts: Float64Array.from(sorted.map(([, count]) => count)),
    total: sorted.reduce((sum, [, count]) => sum + count, 0),
  };
}

/** The library's JavaScript histograms expose their indexing; its WebAssembly ones do not. */
function javaScriptHistogram(histogram: Histogram): InstanceType<typeof hdr.JsHistogram> {
  if (!(histogram instanceof hdr.JsHistogram)) throw new TypeError('expected a JavaScript HDR histogram');
  return histogram;
}

/** The rank a percentile asks for, rounded as hdr-histogram-js rounds it. */
function rankAt(percentile: number, total: number): number {
  const exact = (Math.min(percentile, 100) / 100) * total;
  const ulp = exact === 0 ? 0 : 2 ** (Math.floor(Math.log2(exact)) - 52);
  return Math.max(Math.ceil(exact - ulp), 1);
}

/** The value at a percentile (0 < p ≤ 100) in milliseconds; undefined when nothing was recorded. */
export function countsPercentileMs(histogram: HistogramCounts | undefined, percentile: number): number | undefined {
  if (!histogram || histogram.total === 0) return undefined;
  const rank = rankAt(percentile, histogram.total);
  let seen = 0;
  for (let entry = 0; entry < histogram.indices.length; entry++) {
    seen += histogram.counts[entry]!;
    if (seen >= rank) return highestValueAt(histogram.indices[entry]!) / MICROS_PER_MS;
  }
  return undefined;
}

/**
 * The mean in milliseconds of one histogram or several together, each value counted at its
 * bucket's middle, as the library's `mean`.
 */
export function countsMeanMs(...histograms: (HistogramCounts | undefined)[]): number | undefined {
  let sum = 0;
  let total = 0;
  for (const histogram of histograms) {
    if (!histogram) continue;
    for (let entry = 0; entry < histogram.indices.length; entry++) {
      sum += medianValueAt(histogram.indices[entry]!) * histogram.counts[entry]!;
    }
    total += histogram.total;
  }
  return total === 0 ? undefined : sum / total / MICROS_PER_MS;
}

/** A value (ms) and how many samples had it. */
export interface WeightedValue {
  value: number;
  count: number;
}

/** The sum of many histograms, counts per bucket: adding costs the values' count, reading one walk. */
export class HistogramSum {
  private counts: Float64Array | undefined;
  total = 0;

  add(histogram: HistogramCounts | undefined): void {
    if (!histogram || histogram.total === 0) return;
    const counts = (this.counts ??= new Float64Array(INDEX_LIMIT));
    for (let entry = 0; entry < histogram.indices.length; entry++) {
      counts[histogram.indices[entry]!]! += histogram.counts[entry]!;
    }
    this.total += histogram.total;
  }

  percentileMs(percentile: number): number | undefined {
    if (this.total === 0 || !this.counts) return undefined;
    const rank = rankAt(percentile, this.total);
    let seen = 0;
    for (let index = 0; index < INDEX_LIMIT; index++) {
      seen += this.counts[index]!;
      if (seen >= rank) return highestValueAt(index) / MICROS_PER_MS;
    }
    return undefined;
  }

  meanMs(): number | undefined {
    if (this.total === 0 || !this.counts) return undefined;
    let sum = 0;
    for (let index = 0; index < INDEX_LIMIT; index++) {
      const count = this.counts[index]!;
      if (count > 0) sum += count * medianValueAt(index);
    }
    return sum / this.total / MICROS_PER_MS;
  }

  /** The recorded values as (bucket middle in ms, count), ascending: samples for rank tests. */
  values(): WeightedValue[] {
    const values: WeightedValue[] = [];
    if (!this.counts) return values;
    for (let index = 0; index < INDEX_LIMIT; index++) {
      const count = this.counts[index]!;
      if (count > 0) values.push({ value: medianValueAt(index) / MICROS_PER_MS, count });
    }
    return values;
  }
}

/**
 * A sliding window of histograms: they are added as they enter and taken away as they leave,
 * and a percentile is asked every second. Counts per bucket live in a Fenwick tree, so a
 * percentile is a descent of the tree, not a walk over every bucket.
 */
export class HistogramWindow {
  /** Fenwick tree, 1-based: tree[i] sums the counts of buckets (i − lowbit(i), i]. */
  private tree: Float64Array | undefined;
  total = 0;

  add(histogram: HistogramCounts | undefined): void {
    this.change(histogram, 1);
  }

  remove(histogram: HistogramCounts | undefined): void {
    this.change(histogram, -1);
  }

  percentileMs(percentile: number): number | undefined {
    if (this.total === 0 || !this.tree) return undefined;
    let remaining = rankAt(percentile, this.total);
    let position = 0;
    for (let step = TREE_TOP; step >= 1; step /= 2) {
      const next = position + step;
      if (next <= INDEX_LIMIT && this.tree[next]! < remaining) {
        position = next;
        remaining -= this.tree[next]!;
      }
    }
    // The first `position` buckets hold fewer than the rank: the bucket at index `position` reaches it.
    return highestValueAt(position) / MICROS_PER_MS;
  }

  private change(histogram: HistogramCounts | undefined, sign: 1 | -1): void {
    if (!histogram || histogram.total === 0) return;
    const tree = (this.tree ??= new Float64Array(INDEX_LIMIT + 1));
    for (let entry = 0; entry < histogram.indices.length; entry++) {
      const count = sign * histogram.counts[entry]!;
      for (let node = histogram.indices[entry]! + 1; node <= INDEX_LIMIT; node += node & -node) tree[node]! += count;
    }
    this.total += sign * histogram.total;
  }
}

/** Merges a few histograms' counts (the colours of one second), two sorted lists at a time. */
export function mergeCounts(histograms: readonly (HistogramCounts | undefined)[]): HistogramCounts | undefined {
  let merged: HistogramCounts | undefined;
  for (const histogram of histograms) {
    if (!histogram || histogram.total === 0) continue;
    merged = merged ? mergeTwo(merged, histogram) : histogram;
  }
  return merged;
}

function mergeTwo(a: HistogramCounts, b: HistogramCounts): HistogramCounts {
  let entries = 0;
  let i = 0;
  let j = 0;
  while (i < a.indices.length || j < b.indices.length) {
    const fromA = i < a.indices.length ? a.indices[i]! : Infinity;
    const fromB = j < b.indices.length ? b.indices[j]! : Infinity;
    const index = Math.min(fromA, fromB);
    gatheredIndices[entries] = index;
    gatheredCounts[entries++] = (fromA === index ? a.counts[i++]! : 0) + (fromB === index ? b.counts[j++]! : 0);
  }
  return {
    indices: gatheredIndices.slice(0, entries),
    counts: gatheredCounts.slice(0, entries),
    total: a.total + b.total,
  };
}
