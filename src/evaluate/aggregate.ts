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
  tpot: Histogram;
  good: number;
  inputTokens: number;
  outputTokens: number;
  outputTokensFromUsage: number;
  outputTokensFromChunks: number;
}

/** Sums buckets (optionally of one colour) into counters and merged histograms. */
export function aggregate(buckets: readonly BucketEvent[], colour?: ObservedColour): Aggregate {
  const chosen = colour === undefined ? buckets : buckets.filter((bucket) => bucket.colour === colour);
  const outcomes: Record<string, number> = {};
  let requests = 0;
  let errors = 0;
  let dropped = 0;
  const tokens = { good: 0, inputTokens: 0, outputTokens: 0, outputTokensFromUsage: 0, outputTokensFromChunks: 0 };
  for (const bucket of chosen) {
    tokens.good += bucket.good ?? 0;
    tokens.inputTokens += bucket.inputTokens;
    tokens.outputTokens += bucket.outputTokens;
    tokens.outputTokensFromUsage += bucket.outputTokensFromUsage ?? 0;
    tokens.outputTokensFromChunks += bucket.outputTokensFromChunks ?? 0;
    requests += bucket.requests;
    errors += bucket.errors;
    dropped += bucket.dropped;
    for (const [outcome, count] of Object.entries(bucket.outcomes))
      outcomes[outcome] = (outcomes[outcome] ?? 0) + count;
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
    tpot: mergeEncoded(chosen.map((bucket) => bucket.tpot ?? '')),
    ...tokens,
  };
}
