import { inflateSync } from 'fflate';
import { MICROS_PER_MS, decodeHistogram } from './histogram.js';
import {
  INDEX_LIMIT,
  highestValueAt,
  indexOfValue,
  javaScriptHistogram,
  medianValueAt,
  rankAt,
} from './histogram-index.js';

/**
 * The journal's histograms as their non-empty counts. hdr-histogram-js decodes every histogram
 * into a dense array of ~23,500 counts (~200 µs) and walks the whole array for a percentile or a
 * merge; a 24-hour run holds hundreds of thousands of histograms of a few dozen values each, so
 * that way takes minutes. Here a histogram is decoded into the buckets it uses, from the same V2
 * format the library writes; sums of many are in histogram-sums.ts. Values, percentiles and
 * means follow the library's definitions (tested against it).
 */
export interface HistogramCounts {
  /** The library's counts-array indices of the non-empty buckets, ascending. */
  readonly indices: Int32Array;
  readonly counts: Float64Array;
  readonly total: number;
}

/** Cookies of HdrHistogram's V2 encoding (the low nibble of the second byte carries flags). */
const COMPRESSED_COOKIE = 0x1c849304;
const PAYLOAD_COOKIE = 0x1c849303;
const COOKIE_FLAGS = 0xf0;
const PAYLOAD_HEADER_BYTES = 40;
/** zlib wraps the deflated payload in a 2-byte header (no preset dictionary in HdrHistogram's). */
const ZLIB_HEADER_BYTES = 2;
/**
 * Where payloads are inflated: node:zlib spends ~30 µs setting up every call, more than the
 * inflating; fflate into a reused buffer takes ~3 µs. Large enough for any payload (a header
 * and at most 9 bytes per bucket), since fflate does not grow a buffer it is given.
 */
const inflated = new Uint8Array(PAYLOAD_HEADER_BYTES + 9 * INDEX_LIMIT);
/** Where counts are gathered before they are copied out at their size. */
const gatheredIndices = new Int32Array(INDEX_LIMIT);
const gatheredCounts = new Float64Array(INDEX_LIMIT);

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
    const ours = indexOfValue(histogram.valueFromIndex(index));
    byIndex.set(ours, (byIndex.get(ours) ?? 0) + count);
  }
  const sorted = [...byIndex.entries()].sort(([a], [b]) => a - b);
  return {
    indices: Int32Array.from(sorted.map(([index]) => index)),
    counts: Float64Array.from(sorted.map(([, count]) => count)),
    total: sorted.reduce((sum, [, count]) => sum + count, 0),
  };
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
