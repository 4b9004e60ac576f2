import type { BucketEvent, JournalEvent } from '../journal/events.js';
import { decodeCounts, type HistogramCounts } from '../journal/histogram-counts.js';

export type HistogramField = 'latency' | 'ttft' | 'itl' | 'scheduleLag' | 'tpot';

/** A bucket in the histogram pass: its counters, and each histogram decoded once, on first ask. */
export class DecodedBucket {
  private readonly decoded: Partial<Record<HistogramField, HistogramCounts | null>> = {};

  constructor(readonly event: BucketEvent) {}

  histogram(field: HistogramField): HistogramCounts | undefined {
    let counts = this.decoded[field];
    if (counts === undefined) {
      counts = decodeCounts(this.event[field] ?? '') ?? null;
      this.decoded[field] = counts;
    }
    return counts ?? undefined;
  }
}

/** What the histogram pass feeds: every bucket of the journal, in time order. */
export interface BucketSink {
  accept(bucket: DecodedBucket): void;
}

/**
 * An evaluation waiting for the histogram pass: the sinks it needs fed, then what it concludes
 * from them. Every evaluation of a run shares one pass, so each histogram is decoded once.
 */
export interface Pending<T> {
  sinks: BucketSink[];
  result(): T;
}

export function feedBucket(bucket: BucketEvent, sinks: readonly BucketSink[]): void {
  if (sinks.length === 0) return;
  const decoded = new DecodedBucket(bucket);
  for (const sink of sinks) sink.accept(decoded);
}

/** Feeds the buckets among `events` in time order (a stable sort of those written out of order). */
export function feedInTimeOrder(events: readonly JournalEvent[], sinks: readonly BucketSink[]): void {
  const buckets = events.filter((event): event is BucketEvent => event.type === 'bucket');
  const sorted = buckets.every((bucket, index) => index === 0 || buckets[index - 1]!.t <= bucket.t)
    ? buckets
    : [...buckets].sort((a, b) => a.t - b.t);
  for (const bucket of sorted) feedBucket(bucket, sinks);
}
