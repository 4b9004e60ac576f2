import type { BucketEvent } from '../journal/events.js';
import { createHistogram, decodeHistogram, percentileMs, type Histogram } from '../journal/histogram.js';
import type { Condition } from '../shared/condition.js';

const SECOND = 1000;

export interface WindowPoint {
  /** End of the second this point closes (ms since epoch). */
  at: number;
  requests: number;
  value: number | undefined;
  breach: boolean;
}

/**
 * The condition's metric over its trailing window, evaluated at the end of every second in
 * [from, to). This is the harness's own view of a trigger: the same definition the controller
 * is configured with, computed from what the load engine measured. With `all-traffic` the
 * condition's colour is ignored and every bucket counts (what users saw, whichever colour served).
 */
export function conditionSeries(
  condition: Condition,
  buckets: readonly BucketEvent[],
  from: number,
  to: number,
  scope: 'colour' | 'all-traffic' = 'colour',
): WindowPoint[] {
  const ofColour = buckets
    .filter((bucket) => scope === 'all-traffic' || bucket.colour === condition.colour)
    .sort((a, b) => a.t - b.t);
  const decoded = new Map<BucketEvent, Histogram>();
  const points: WindowPoint[] = [];
  const windowSeconds = Math.max(1, Math.round(condition.window / SECOND));
  for (let secondStart = from; secondStart < to; secondStart += SECOND) {
    const windowStart = secondStart + SECOND - windowSeconds * SECOND;
    const inWindow = ofColour.filter((bucket) => bucket.t >= windowStart && bucket.t <= secondStart);
    const requests = inWindow.reduce((sum, bucket) => sum + bucket.requests, 0);
    const value = metricValue(condition, inWindow, requests, decoded);
    const breach = requests >= condition.minRequests && value !== undefined && value > condition.above;
    points.push({ at: secondStart + SECOND, requests, value, breach });
  }
  return points;
}

/**
 * When the condition was first met: a breach that has held for `condition.for`. With 1-second
 * buckets a breach seen at the end of a second is dated to that second's start, the earliest
 * moment it can have begun, so detection times are never understated.
 */
export function conditionMetAt(condition: Condition, points: readonly WindowPoint[]): number | undefined {
  let breachSince: number | undefined;
  for (const point of points) {
    if (!point.breach) {
      breachSince = undefined;
      continue;
    }
    breachSince ??= point.at - SECOND;
    if (point.at >= breachSince + condition.for) return breachSince + condition.for;
  }
  return undefined;
}

function metricValue(
  condition: Condition,
  inWindow: readonly BucketEvent[],
  requests: number,
  decoded: Map<BucketEvent, Histogram>,
): number | undefined {
  switch (condition.metric) {
    case 'error-rate':
      return requests === 0 ? undefined : inWindow.reduce((sum, bucket) => sum + bucket.errors, 0) / requests;
    case 'latency':
    case 'ttft': {
      const merged = createHistogram();
      for (const bucket of inWindow) {
        const encoded = condition.metric === 'latency' ? bucket.latency : bucket.ttft;
        if (encoded === '') continue;
        let histogram = decoded.get(bucket);
        if (!histogram) {
          histogram = decodeHistogram(encoded);
          decoded.set(bucket, histogram);
        }
        merged.add(histogram);
      }
      return percentileMs(merged, condition.percentile);
    }
    case 'health-failures':
      return undefined;
  }
}
