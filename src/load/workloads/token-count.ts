import type { TokenCount } from '../../experiment/load-schema.js';
import type { Random } from '../../util/random.js';

/** A fixed count as is; a uniform one drawn from [min, max] inclusive. */
export function drawTokenCount(count: TokenCount, random: Random): number {
  if (typeof count === 'number') return count;
  const [min, max] = count.uniform;
  return random.int(min, max);
}
