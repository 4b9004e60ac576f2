import hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';

export type { Histogram };

/**
 * Latency-like values are recorded in microseconds (integers) so sub-millisecond hops keep
 * their precision; readers convert back to milliseconds (histogram-counts.ts). 3 significant
 * digits, up to 1 hour. 32-bit counters.
 */
export const MICROS_PER_MS = 1000;

export function createHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
  });
}

export function recordMs(histogram: Histogram, ms: number): void {
  histogram.recordValue(toMicros(ms));
}

/**
 * Records every value; a run of equal ones (after rounding to microseconds) is recorded once
 * with its count. The gaps between tokens that arrived in one read are all 0, and recording a
 * value costs far more than comparing it.
 */
export function recordAllMs(histogram: Histogram, values: readonly number[]): void {
  let run = 0;
  let current = 0;
  for (const ms of values) {
    const micros = toMicros(ms);
    if (micros === current) {
      run++;
      continue;
    }
    if (run > 0) histogram.recordValueWithCount(current, run);
    current = micros;
    run = 1;
  }
  if (run > 0) histogram.recordValueWithCount(current, run);
}

function toMicros(ms: number): number {
  return Math.max(1, Math.round(ms * MICROS_PER_MS));
}

/** Value at a percentile in milliseconds; undefined when nothing was recorded (tests and benchmarks). */
export function percentileMs(histogram: Histogram, percentile: number): number | undefined {
  if (histogram.totalCount === 0) return undefined;
  return histogram.getValueAtPercentile(percentile) / MICROS_PER_MS;
}

export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** Merges the encoded histograms into one (empty strings are skipped). */
export function mergeEncoded(encoded: Iterable<string>): Histogram {
  const merged = createHistogram();
  for (const item of encoded) {
    if (item !== '') merged.add(decodeHistogram(item));
  }
  return merged;
}
