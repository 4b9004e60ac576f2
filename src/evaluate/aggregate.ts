import type { BucketEvent } from '../journal/events.js';
import { mergeEncoded, type Histogram } from '../journal/histogram.js';
import type { ObservedColour } from '../shared/colour.js';

export interface Aggregate {
  requests: number;
  errors: number;
  dropped: number;
  outcomes: Record<string, number>;
  latency: Histogram;
  ttft: Histogram;
  itl: Histogram;
  scheduleLag: Histogram;
}

/** Sums buckets (optionally of one colour) into counters and merged histograms. */
export function aggregate(buckets: readonly BucketEvent[], colour?: ObservedColour): Aggregate {
  const chosen = colour === undefined ? buckets : buckets.filter((bucket) => bucket.colour === colour);
  const outcomes: Record<string, number> = {};
  let requests = 0;
  let errors = 0;
  let dropped = 0;
  for (const bucket of chosen) {
    requests += bucket.requests;
    errors += bucket.errors;
    dropped += bucket.dropped;
    for (const [outcome, count] of Object.entries(bucket.outcomes)) outcomes[outcome] = (outcomes[outcome] ?? 0) + count;
  }
  return {
    requests,
    errors,
    dropped,
    outcomes,
    latency: mergeEncoded(chosen.map((bucket) => bucket.latency)),
    ttft: mergeEncoded(chosen.map((bucket) => bucket.ttft)),
    itl: mergeEncoded(chosen.map((bucket) => bucket.itl)),
    scheduleLag: mergeEncoded(chosen.map((bucket) => bucket.scheduleLag)),
  };
}
