import type { LoadSpec, Profile } from '../../experiment/load-schema.js';
import type { Random } from '../../util/random.js';
import { profileShape } from './shape.js';

export type ArrivalProcess = LoadSpec['arrival'];

/**
 * Planned arrival offsets (ms since the run start, increasing, all < durationMs), produced
 * lazily: an hour at thousands of requests per second is never held in memory.
 *
 * Both processes invert the cumulative rate Λ(t). `even` puts the k-th arrival (k = 1, 2, …)
 * where Λ reaches k − ½, so any window [a, b) holds within one of Λ(b) − Λ(a) arrivals and a
 * constant rate puts exactly `rate` arrivals in every second. `poisson` is the non-homogeneous
 * Poisson process by time rescaling: unit-mean exponential steps in Λ, mapped back to time.
 */
export function* arrivalTimes(
  profile: Profile,
  durationMs: number,
  arrival: ArrivalProcess,
  random: Random,
): Generator<number, void, undefined> {
  const shape = profileShape(profile);
  let arrivals = arrival === 'even' ? 0.5 : random.exponential(1);
  for (;;) {
    const tMs = shape.timeOfCumulative(arrivals);
    if (!(tMs < durationMs)) return;
    yield tMs;
    arrivals += arrival === 'even' ? 1 : random.exponential(1);
  }
}
