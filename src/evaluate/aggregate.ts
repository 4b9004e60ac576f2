import type { BucketEvent } from '../journal/events.js';
import type { HistogramSum } from '../journal/histogram-sums.js';
import type { ObservedColour } from '../shared/colour.js';
import { feedBucket } from './bucket-sink.js';
import { RangeHistograms } from './range-histograms.js';

/** Buckets held in memory, summed: counters and the latency and TTFT histograms. */
export interface Aggregate {
  requests: number;
  errors: number;
  dropped: number;
  outcomes: Record<string, number>;
  inputTokens: number;
  outputTokens: number;
  latency: HistogramSum;
  ttft: HistogramSum;
}

/** Sums buckets (optionally of one colour), as the comparison of two runs and the trend read them. */
export function aggregate(buckets: readonly BucketEvent[], colour?: ObservedColour): Aggregate {
  const histograms = new RangeHistograms(colour ?? 'all', -Infinity, Infinity, ['latency', 'ttft']);
  const totals = { requests: 0, errors: 0, dropped: 0, inputTokens: 0, outputTokens: 0 };
  const outcomes: Record<string, number> = {};
  for (const bucket of buckets) {
    if (colour !== undefined && bucket.colour !== colour) continue;
    totals.requests += bucket.requests;
    totals.errors += bucket.errors;
    totals.dropped += bucket.dropped;
    totals.inputTokens += bucket.inputTokens;
    totals.outputTokens += bucket.outputTokens;
    for (const [outcome, count] of Object.entries(bucket.outcomes))
      outcomes[outcome] = (outcomes[outcome] ?? 0) + count;
    feedBucket(bucket, [histograms]);
  }
  return { ...totals, outcomes, latency: histograms.get('latency'), ttft: histograms.get('ttft') };
}
