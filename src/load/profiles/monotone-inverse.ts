/**
 * Finds t in [low, high] where a non-decreasing `cumulative` reaches `target`, given that it
 * does within the bracket: Newton steps on the rate, falling back to bisection whenever a step
 * would leave the bracket or the rate is zero, so it converges even where the rate touches 0.
 */
export function invertMonotone(
  cumulative: (tMs: number) => number,
  rateAt: (tMs: number) => number,
  target: number,
  low: number,
  high: number,
): number {
  let t = (low + high) / 2;
  for (let iteration = 0; iteration < 100 && high - low > TOLERANCE_MS; iteration++) {
    const value = cumulative(t);
    if (value < target) low = t;
    else high = t;
    const perMs = rateAt(t) / 1000;
    const newton = perMs > 0 ? t + (target - value) / perMs : Number.NaN;
    t = newton > low && newton < high ? newton : (low + high) / 2;
    if (Math.abs(cumulative(t) - target) < 1e-9 * Math.max(1, target)) return t;
  }
  return high;
}

/** A microsecond of a millisecond: far below the arrival loop's timer resolution. */
const TOLERANCE_MS = 1e-6;
