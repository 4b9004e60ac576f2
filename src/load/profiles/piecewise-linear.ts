import type { RateShape } from './rate-shape.js';

/** One stretch of a piecewise-linear rate: it moves linearly from `fromRate` to `toRate`. */
export interface LinearSegment {
  durationMs: number;
  fromRate: number;
  toRate: number;
}

interface PlacedSegment extends LinearSegment {
  startMs: number;
  /** Arrivals expected before this segment starts. */
  arrivalsBefore: number;
  /** Rate change per millisecond (arrivals per second per millisecond). */
  slope: number;
}

const MS_PER_S = 1000;

/**
 * A rate made of linear segments followed by a hold at `holdRate` forever. Cumulative arrivals
 * are exact (trapezoids) and their inverse is exact too: within a segment the cumulative is a
 * quadratic in time.
 */
export class PiecewiseLinearShape implements RateShape {
  private readonly segments: PlacedSegment[] = [];
  private readonly holdStartMs: number;
  private readonly arrivalsBeforeHold: number;

  constructor(
    segments: readonly LinearSegment[],
    private readonly holdRate: number,
  ) {
    let startMs = 0;
    let arrivalsBefore = 0;
    for (const segment of segments) {
      if (segment.durationMs <= 0) continue;
      const slope = (segment.toRate - segment.fromRate) / segment.durationMs;
      this.segments.push({ ...segment, startMs, arrivalsBefore, slope });
      startMs += segment.durationMs;
      arrivalsBefore += ((segment.fromRate + segment.toRate) / 2) * (segment.durationMs / MS_PER_S);
    }
    this.holdStartMs = startMs;
    this.arrivalsBeforeHold = arrivalsBefore;
  }

  rateAt(tMs: number): number {
    if (tMs < 0) return 0;
    const segment = this.segmentAt(tMs);
    if (!segment) return this.holdRate;
    return segment.fromRate + segment.slope * (tMs - segment.startMs);
  }

  cumulative(tMs: number): number {
    if (tMs <= 0) return 0;
    const segment = this.segmentAt(tMs);
    if (!segment) return this.arrivalsBeforeHold + (this.holdRate * (tMs - this.holdStartMs)) / MS_PER_S;
    const s = tMs - segment.startMs;
    return segment.arrivalsBefore + (segment.fromRate * s + (segment.slope * s * s) / 2) / MS_PER_S;
  }

  timeOfCumulative(arrivals: number): number {
    if (arrivals <= 0) return 0;
    const segment = this.segmentReaching(arrivals);
    if (!segment) {
      if (this.holdRate <= 0) return Infinity;
      return this.holdStartMs + ((arrivals - this.arrivalsBeforeHold) * MS_PER_S) / this.holdRate;
    }
    return segment.startMs + solveWithinSegment(segment, arrivals - segment.arrivalsBefore);
  }

  private segmentAt(tMs: number): PlacedSegment | undefined {
    if (tMs >= this.holdStartMs) return undefined;
    return this.segments[lastIndexWhere(this.segments, (segment) => segment.startMs <= tMs)];
  }

  /** The segment in which the cumulative reaches `arrivals`; undefined when it is the hold. */
  private segmentReaching(arrivals: number): PlacedSegment | undefined {
    if (arrivals > this.arrivalsBeforeHold) return undefined;
    return this.segments[lastIndexWhere(this.segments, (segment) => segment.arrivalsBefore < arrivals)];
  }
}

/**
 * Solves fromRate·s + slope·s²/2 = 1000·m for s ≥ 0, in the form that stays exact when the slope
 * is zero or negative: s = 2·1000·m / (fromRate + √(fromRate² + 2·slope·1000·m)).
 */
function solveWithinSegment(segment: PlacedSegment, arrivals: number): number {
  const target = arrivals * MS_PER_S;
  const discriminant = Math.max(0, segment.fromRate * segment.fromRate + 2 * segment.slope * target);
  const s = (2 * target) / (segment.fromRate + Math.sqrt(discriminant));
  return Math.min(s, segment.durationMs);
}

/** Binary search over a sorted predicate (true then false); -1 when none is true. */
function lastIndexWhere<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (predicate(items[middle] as T)) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
