import type { LoadSpec, Profile } from '../../experiment/load-schema.js';
import type { Random } from '../../util/random.js';
import { gammaVariate } from './gamma.js';
import { profileShape } from './shape.js';
import { traceSchedule } from './trace-schedule.js';

export type ArrivalProcess = LoadSpec['arrival'];

/**
 * Planned arrival offsets (ms since the run start, increasing, all < durationMs), produced
 * lazily: an hour at thousands of requests per second is never held in memory.
 *
 * Every process inverts the cumulative rate Λ(t). `even` puts the k-th arrival (k = 1, 2, …)
 * where Λ reaches k − ½, so any window [a, b) holds within one of Λ(b) − Λ(a) arrivals and a
 * constant rate puts exactly `rate` arrivals in every second. `poisson` is the non-homogeneous
 * Poisson process by time rescaling: unit-mean exponential steps in Λ, mapped back to time.
 * `gamma` takes unit-mean gamma steps with shape `burstiness` instead (1 = Poisson; below 1
 * the gaps vary more and arrivals bunch, above 1 they grow regular), as vLLM's benchmark does.
 */
export function* arrivalTimes(
  profile: Profile,
  durationMs: number,
  arrival: ArrivalProcess,
  random: Random,
  burstiness = 1,
): Generator<number, void, undefined> {
  if (profile.kind === 'trace') {
    // A trace is its own arrival process: the recorded offsets, as they were.
    for (const offsetMs of traceSchedule(profile).offsetsMs) {
      if (!(offsetMs < durationMs)) return;
      yield offsetMs;
    }
    return;
  }
  const shape = profileShape(profile);
  const step = stepOf(arrival, random, burstiness);
  let arrivals = arrival === 'even' ? 0.5 : step();
  for (;;) {
    const tMs = shape.timeOfCumulative(arrivals);
    if (!(tMs < durationMs)) return;
    yield tMs;
    arrivals += step();
  }
}

/** The gap between consecutive arrivals, in expected arrivals (unit mean). */
function stepOf(arrival: ArrivalProcess, random: Random, burstiness: number): () => number {
  switch (arrival) {
    case 'even':
      return () => 1;
    case 'poisson':
      return () => random.exponential(1);
    case 'gamma':
      return () => gammaVariate(random, burstiness, 1);
  }
}
