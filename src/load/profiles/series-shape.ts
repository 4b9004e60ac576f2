import { InputError } from '../../errors.js';
import type { SeriesProfile } from '../../experiment/load-schema.js';
import { PiecewiseLinearShape } from './piecewise-linear.js';

const MS_PER_S = 1000;

/**
 * A recorded series as a rate: linear between its points (exact, with the same closed-form
 * cumulative and inverse as the built-in piecewise-linear kinds), times divided by `speedup`,
 * rates multiplied by `scale`; the last rate holds after the last point.
 */
export function seriesShape(profile: SeriesProfile): PiecewiseLinearShape {
  const points = profile.points;
  if (points === undefined) {
    throw new InputError(
      `load.profile: the series from ${profile.file ?? 'prometheus'} was not read; load the experiment with loadExperimentFile`,
    );
  }
  const at = (index: number): { tMs: number; rps: number } => {
    const [seconds, rps] = points[index] as [number, number];
    return { tMs: (seconds * MS_PER_S) / profile.speedup, rps: rps * profile.scale };
  };
  const segments = points.slice(1).map((_, index) => {
    const from = at(index);
    const to = at(index + 1);
    return { durationMs: to.tMs - from.tMs, fromRate: from.rps, toRate: to.rps };
  });
  return new PiecewiseLinearShape(segments, at(points.length - 1).rps);
}
