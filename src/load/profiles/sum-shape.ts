import type { RateShape } from './rate-shape.js';
import { invertMonotone } from './monotone-inverse.js';

/** Never search further than this for a cumulative that stays flat for ever. */
const HORIZON_MS = 1e12;

/** Rates added together at every instant; the inverse is a numeric search on the exact sum. */
export class SumShape implements RateShape {
  constructor(private readonly shapes: readonly RateShape[]) {}

  rateAt(tMs: number): number {
    return this.shapes.reduce((sum, shape) => sum + shape.rateAt(tMs), 0);
  }

  cumulative(tMs: number): number {
    return this.shapes.reduce((sum, shape) => sum + shape.cumulative(tMs), 0);
  }

  timeOfCumulative(arrivals: number): number {
    if (arrivals <= 0) return 0;
    // Each part alone reaches `arrivals` no earlier than the sum does: the earliest of them bounds it.
    let high = Math.min(...this.shapes.map((shape) => shape.timeOfCumulative(arrivals)));
    if (!Number.isFinite(high)) {
      high = 1000;
      while (this.cumulative(high) < arrivals && high < HORIZON_MS) high *= 2;
      if (this.cumulative(high) < arrivals) return Infinity;
    }
    return invertMonotone(
      (t) => this.cumulative(t),
      (t) => this.rateAt(t),
      arrivals,
      0,
      high,
    );
  }
}
