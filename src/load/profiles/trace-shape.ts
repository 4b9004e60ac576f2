import type { RateShape } from './rate-shape.js';

const MS_PER_S = 1000;

/**
 * A trace seen as a rate: in each second, the number of arrivals the trace plans in it (what
 * `load.target` records and the report's planned line shows). Arrivals themselves are the
 * trace's own offsets (see arrivalTimes), never placed by inverting this rate.
 */
export class TraceShape implements RateShape {
  private readonly perSecond: number[] = [];
  /** Arrivals before each second. */
  private readonly before: number[] = [0];

  constructor(offsetsMs: ArrayLike<number>) {
    for (let index = 0; index < offsetsMs.length; index++) {
      const second = Math.floor((offsetsMs[index] as number) / MS_PER_S);
      while (this.perSecond.length <= second) this.perSecond.push(0);
      this.perSecond[second] = (this.perSecond[second] as number) + 1;
    }
    for (const count of this.perSecond) this.before.push((this.before.at(-1) as number) + count);
  }

  rateAt(tMs: number): number {
    if (tMs < 0) return 0;
    return this.perSecond[Math.floor(tMs / MS_PER_S)] ?? 0;
  }

  cumulative(tMs: number): number {
    if (tMs <= 0) return 0;
    const second = Math.floor(tMs / MS_PER_S);
    if (second >= this.perSecond.length) return this.before.at(-1) as number;
    return (this.before[second] as number) + this.rateAt(tMs) * ((tMs - second * MS_PER_S) / MS_PER_S);
  }

  timeOfCumulative(arrivals: number): number {
    if (arrivals <= 0) return 0;
    if (arrivals > (this.before.at(-1) as number)) return Infinity;
    let second = 0;
    while ((this.before[second + 1] as number) < arrivals) second++;
    const within = (arrivals - (this.before[second] as number)) / (this.perSecond[second] as number);
    return (second + within) * MS_PER_S;
  }
}
