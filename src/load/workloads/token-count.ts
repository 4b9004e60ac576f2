import type { TokenCount } from '../../experiment/load-schema.js';
import type { Random } from '../../util/random.js';

/** A fixed count as is; a drawn one rounded to a whole number of at least 1. */
export function drawTokenCount(count: TokenCount, random: Random): number {
  if (typeof count === 'number') return count;
  if ('uniform' in count) return random.int(count.uniform[0], count.uniform[1]);
  const drawn =
    'normal' in count
      ? random.normal(count.normal.mean, count.normal.stddev)
      : count.lognormal.median * Math.exp(random.normal(0, count.lognormal.sigma));
  return Math.max(1, Math.round(drawn));
}
