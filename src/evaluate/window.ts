import type { BucketEvent } from '../journal/events.js';
import type { HistogramCounts } from '../journal/histogram-counts.js';
import { HistogramWindow } from '../journal/histogram-sums.js';
import type { Condition } from '../shared/condition.js';
import { feedInTimeOrder, type BucketSink, type DecodedBucket } from './bucket-sink.js';

const SECOND = 1000;

export interface WindowPoint {
  /** End of the second this point closes (ms since epoch). */
  at: number;
  requests: number;
  value: number | undefined;
  breach: boolean;
}

/** One second's buckets of the condition's scope, as they entered the window. */
interface WindowSecond {
  t: number;
  requests: number;
  errors: number;
  histograms: (HistogramCounts | undefined)[];
}

/**
 * The condition's metric over its trailing window, evaluated at the end of every second in
 * [from, to): the harness's own view of a trigger, the same definition the controller is
 * configured with, computed from what the load engine measured. With `all-traffic` the
 * condition's colour is ignored and every bucket counts (what users saw, whichever colour
 * served). Fed in time order, it keeps only the window's seconds: each bucket enters the running
 * sums once and leaves them once, so a day-long series costs a day of seconds, not a day of
 * windows.
 */
export class ConditionWindow implements BucketSink {
  private readonly points: WindowPoint[] = [];
  /** The seconds in the window are inWindow[oldest…]; the queue is compacted now and then. */
  private inWindow: WindowSecond[] = [];
  private oldest = 0;
  private current: WindowSecond | undefined;
  private requests = 0;
  private errors = 0;
  private readonly histogram = new HistogramWindow();
  /** Start of the second whose point comes next. */
  private next: number;
  private readonly windowMs: number;
  private readonly firstWindowStart: number;

  /**
   * `errorsOf` counts a bucket's failures for an error-rate condition (default: all of them; the
   * blind spot counts those a status code shows).
   */
  constructor(
    private readonly condition: Condition,
    from: number,
    private readonly to: number,
    private readonly scope: 'colour' | 'all-traffic' = 'colour',
    private readonly errorsOf: (bucket: BucketEvent) => number = (bucket) => bucket.errors,
  ) {
    this.next = from;
    this.windowMs = Math.max(1, Math.round(condition.window / SECOND)) * SECOND;
    this.firstWindowStart = from + SECOND - this.windowMs;
  }

  accept(bucket: DecodedBucket): void {
    const { event } = bucket;
    if (this.scope === 'colour' && event.colour !== this.condition.colour) return;
    // Seconds before the first window or after the last one change no point.
    if (event.t >= this.to || event.t < this.firstWindowStart) return;
    if (this.current && event.t !== this.current.t) this.enter(this.current);
    if (!this.current || event.t !== this.current.t) {
      this.current = { t: event.t, requests: 0, errors: 0, histograms: [] };
    }
    this.current.requests += event.requests;
    this.current.errors += this.errorsOf(event);
    const field = this.histogramField();
    if (field) this.current.histograms.push(bucket.histogram(field));
  }

  /** The points of every second in [from, to); call once every bucket has been fed. */
  series(): WindowPoint[] {
    if (this.current) this.enter(this.current);
    this.current = undefined;
    this.pointsBefore(this.to);
    return this.points;
  }

  /** A second's buckets join the window once the points of every earlier second are out. */
  private enter(second: WindowSecond): void {
    this.pointsBefore(second.t);
    this.inWindow.push(second);
    this.requests += second.requests;
    this.errors += second.errors;
    for (const histogram of second.histograms) this.histogram.add(histogram);
  }

  /** Points for the seconds starting before `t`: their windows hold every bucket they will get. */
  private pointsBefore(t: number): void {
    for (; this.next < t && this.next < this.to; this.next += SECOND) {
      const windowStart = this.next + SECOND - this.windowMs;
      while (this.oldest < this.inWindow.length && this.inWindow[this.oldest]!.t < windowStart) {
        this.leave(this.inWindow[this.oldest++]!);
      }
      if (this.oldest > 1024 && this.oldest * 2 > this.inWindow.length) {
        this.inWindow = this.inWindow.slice(this.oldest);
        this.oldest = 0;
      }
      const value = this.value();
      const breach = this.requests >= this.condition.minRequests && value !== undefined && value > this.condition.above;
      this.points.push({ at: this.next + SECOND, requests: this.requests, value, breach });
    }
  }

  private leave(second: WindowSecond): void {
    this.requests -= second.requests;
    this.errors -= second.errors;
    for (const histogram of second.histograms) this.histogram.remove(histogram);
  }

  private value(): number | undefined {
    switch (this.condition.metric) {
      case 'error-rate':
        return this.requests === 0 ? undefined : this.errors / this.requests;
      case 'latency':
      case 'ttft':
        return this.histogram.percentileMs(this.condition.percentile);
      case 'health-failures':
        return undefined;
    }
  }

  private histogramField(): 'latency' | 'ttft' | undefined {
    const { metric } = this.condition;
    return metric === 'latency' || metric === 'ttft' ? metric : undefined;
  }
}

/** The condition's points over buckets held in memory (the live halt watch's few seconds). */
export function conditionSeries(
  condition: Condition,
  buckets: readonly BucketEvent[],
  from: number,
  to: number,
  scope: 'colour' | 'all-traffic' = 'colour',
): WindowPoint[] {
  const window = new ConditionWindow(condition, from, to, scope);
  feedInTimeOrder(buckets, [window]);
  return window.series();
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
