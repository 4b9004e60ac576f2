import hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';

export interface RequestOutcome {
  /** Status ≥ 500, an upstream failure, or a stream cut mid-way. */
  error: boolean;
  /** From the request's arrival to the end of its response. */
  latencyMs: number;
  /** From the request's arrival to the first response body byte; absent when none came. */
  ttftMs?: number;
}

/** One colour's traffic and health checks over a trailing window. */
export interface WindowView {
  requests: number;
  errors: number;
  healthChecks: number;
  healthFailures: number;
  /** The latency at a percentile (0–100) in ms; undefined when no request ended in the window. */
  latencyMs(percentile: number): number | undefined;
  ttftMs(percentile: number): number | undefined;
}

interface Bucket {
  /** Which slice of time (at / bucketMs) the bucket holds now; -1 when never used. */
  index: number;
  requests: number;
  errors: number;
  healthChecks: number;
  healthFailures: number;
  latency: Histogram | undefined;
  ttft: Histogram | undefined;
}

/** The controller compares against ms thresholds: whole milliseconds at 1 % precision are plenty. */
function createMsHistogram(): Histogram {
  return hdr.build({ bitBucketSize: 'packed', numberOfSignificantValueDigits: 2, autoResize: true });
}

function recordMs(histogram: Histogram, ms: number): void {
  histogram.recordValue(Math.max(1, Math.ceil(ms)));
}

/**
 * Ring of fixed time slices (100 ms by default) covering `spanMs`: memory is bounded by the span,
 * not by the traffic, and a window is the sum of its slices. Timestamps are ms since the epoch.
 */
export class ObservationWindow {
  private readonly buckets: Bucket[];

  constructor(
    spanMs: number,
    private readonly bucketMs = 100,
  ) {
    const size = Math.ceil(spanMs / bucketMs) + 1;
    this.buckets = Array.from({ length: size }, () => ({
      index: -1,
      requests: 0,
      errors: 0,
      healthChecks: 0,
      healthFailures: 0,
      latency: undefined,
      ttft: undefined,
    }));
  }

  recordRequest(at: number, outcome: RequestOutcome): void {
    const bucket = this.bucketAt(at);
    if (bucket === undefined) return;
    bucket.requests++;
    if (outcome.error) bucket.errors++;
    bucket.latency ??= createMsHistogram();
    recordMs(bucket.latency, outcome.latencyMs);
    if (outcome.ttftMs !== undefined) {
      bucket.ttft ??= createMsHistogram();
      recordMs(bucket.ttft, outcome.ttftMs);
    }
  }

  /** Requests known only as counts (e.g. deltas of a router's counters): no latency to record. */
  recordCounts(at: number, requests: number, errors: number): void {
    const bucket = this.bucketAt(at);
    if (bucket === undefined) return;
    bucket.requests += requests;
    bucket.errors += errors;
  }

  recordHealthCheck(at: number, healthy: boolean): void {
    const bucket = this.bucketAt(at);
    if (bucket === undefined) return;
    bucket.healthChecks++;
    if (!healthy) bucket.healthFailures++;
  }

  /** The trailing `windowMs` up to `now` (capped at the span), to the nearest slice. */
  view(windowMs: number, now: number): WindowView {
    const last = Math.floor(now / this.bucketMs);
    const count = Math.min(this.buckets.length - 1, Math.max(1, Math.ceil(windowMs / this.bucketMs)));
    const live: Bucket[] = [];
    for (let index = last - count + 1; index <= last; index++) {
      const bucket = this.slot(index);
      if (bucket.index === index) live.push(bucket);
    }
    const sum = (field: 'requests' | 'errors' | 'healthChecks' | 'healthFailures'): number =>
      live.reduce((total, bucket) => total + bucket[field], 0);
    const percentileOf = (field: 'latency' | 'ttft') => {
      let merged: Histogram | undefined;
      return (percentile: number): number | undefined => {
        if (merged === undefined) {
          merged = createMsHistogram();
          for (const bucket of live) {
            const histogram = bucket[field];
            if (histogram !== undefined) merged.add(histogram);
          }
        }
        return merged.totalCount === 0 ? undefined : merged.getValueAtPercentile(percentile);
      };
    };
    return {
      requests: sum('requests'),
      errors: sum('errors'),
      healthChecks: sum('healthChecks'),
      healthFailures: sum('healthFailures'),
      latencyMs: percentileOf('latency'),
      ttftMs: percentileOf('ttft'),
    };
  }

  private slot(index: number): Bucket {
    // The ring always has at least two slots, so the modulo lands inside it.
    return this.buckets[index % this.buckets.length] as Bucket;
  }

  /** The slice for `at`, recycled if it held older time; undefined when `at` is older than the ring. */
  private bucketAt(at: number): Bucket | undefined {
    const index = Math.floor(at / this.bucketMs);
    const bucket = this.slot(index);
    if (bucket.index > index) return undefined;
    if (bucket.index < index) {
      bucket.index = index;
      bucket.requests = 0;
      bucket.errors = 0;
      bucket.healthChecks = 0;
      bucket.healthFailures = 0;
      bucket.latency?.reset();
      bucket.ttft?.reset();
    }
    return bucket;
  }
}
