import type { Random } from '../../util/random.js';

/**
 * A gamma-distributed number with the given shape and mean (Marsaglia and Tsang's method; for a
 * shape below 1 the boost gamma(a) = gamma(a + 1) · U^(1/a)).
 */
export function gammaVariate(random: Random, shape: number, mean: number): number {
  if (shape < 1) {
    // Same scale (mean / shape), one more unit of shape.
    return gammaVariate(random, shape + 1, (mean * (shape + 1)) / shape) * Math.pow(1 - random.next(), 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = random.normal();
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = 1 - random.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v * mean) / shape;
  }
}
