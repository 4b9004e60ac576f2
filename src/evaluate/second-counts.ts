import type { BucketEvent } from '../journal/events.js';
import type { ObservedColour } from '../shared/colour.js';
import { unavailableCount } from './availability.js';

export type CountField = 'requests' | 'errors' | 'dropped' | 'unavailable' | 'good';
/** One colour, or every bucket ('all', requests that reached no colour included). */
export type ColourScope = ObservedColour | 'all';

const COLOURS: readonly ObservedColour[] = ['blue', 'green', 'unknown'];
const FIELDS: readonly CountField[] = ['requests', 'errors', 'dropped', 'unavailable', 'good'];
const ROW = COLOURS.length * FIELDS.length;
const SECOND = 1000;

/** Whole-run totals of what is not counted per second. */
export interface RunTotals {
  outcomes: Record<string, number>;
  inputTokens: number;
  outputTokens: number;
  outputTokensFromUsage: number;
  outputTokensFromChunks: number;
}

/**
 * The buckets' counters, one row per second of the run (a bucket belongs to the second
 * `floor((t − start) / 1000)`) and one column per colour and counter: ~120 bytes a second, so a
 * day-long run takes ~10 MB however many requests it made. Ranges are given in epoch ms and
 * select the seconds whose start lies in [from, to), as a filter on `bucket.t` would.
 */
export class SecondCounts {
  private rows = new Float64Array(ROW * 64);
  private seconds = 0;
  readonly totals: RunTotals = {
    outcomes: {},
    inputTokens: 0,
    outputTokens: 0,
    outputTokensFromUsage: 0,
    outputTokensFromChunks: 0,
  };

  constructor(readonly startMs: number) {}

  /** Seconds from the run start to the last second with a bucket. */
  get length(): number {
    return this.seconds;
  }

  add(bucket: BucketEvent): void {
    const second = this.secondOf(bucket.t);
    this.grow(second + 1);
    const base = second * ROW + COLOURS.indexOf(bucket.colour) * FIELDS.length;
    this.rows[base]! += bucket.requests;
    this.rows[base + 1]! += bucket.errors;
    this.rows[base + 2]! += bucket.dropped;
    this.rows[base + 3]! += unavailableCount(bucket.outcomes);
    this.rows[base + 4]! += bucket.good ?? 0;
    const totals = this.totals;
    for (const [outcome, count] of Object.entries(bucket.outcomes))
      totals.outcomes[outcome] = (totals.outcomes[outcome] ?? 0) + count;
    totals.inputTokens += bucket.inputTokens;
    totals.outputTokens += bucket.outputTokens;
    totals.outputTokensFromUsage += bucket.outputTokensFromUsage ?? 0;
    totals.outputTokensFromChunks += bucket.outputTokensFromChunks ?? 0;
  }

  /** The second a moment falls in (0 for anything before the start). */
  secondOf(t: number): number {
    return Math.max(0, Math.floor((t - this.startMs) / SECOND));
  }

  /** Epoch ms at which a second starts. */
  timeOf(second: number): number {
    return this.startMs + second * SECOND;
  }

  /** One counter of a scope in one second. */
  at(field: CountField, scope: ColourScope, second: number): number {
    if (second < 0 || second >= this.seconds) return 0;
    const row = second * ROW;
    const column = FIELDS.indexOf(field);
    if (scope !== 'all') return this.rows[row + COLOURS.indexOf(scope) * FIELDS.length + column]!;
    let sum = 0;
    for (let colour = 0; colour < COLOURS.length; colour++) sum += this.rows[row + colour * FIELDS.length + column]!;
    return sum;
  }

  /** A counter summed over the seconds that start in [from, to). */
  sum(field: CountField, scope: ColourScope, from: number, to: number): number {
    let sum = 0;
    const [first, end] = this.secondsIn(from, to);
    for (let second = first; second < end; second++) sum += this.at(field, scope, second);
    return sum;
  }

  /** The seconds [first, end) that start in [from, to) ms, clipped to those recorded. */
  secondsIn(from: number, to: number): [number, number] {
    const first = Math.max(0, Math.ceil((from - this.startMs) / SECOND));
    const end = Math.min(this.seconds, Math.max(first, Math.ceil((to - this.startMs) / SECOND)));
    return [first, end];
  }

  private grow(seconds: number): void {
    if (seconds <= this.seconds) return;
    if (seconds * ROW > this.rows.length) {
      const larger = new Float64Array(Math.max(seconds * ROW, this.rows.length * 2));
      larger.set(this.rows);
      this.rows = larger;
    }
    this.seconds = seconds;
  }
}
