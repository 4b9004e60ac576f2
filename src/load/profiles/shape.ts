import type { Profile } from '../../experiment/load-schema.js';
import { PiecewiseLinearShape } from './piecewise-linear.js';
import type { RateShape } from './rate-shape.js';

/** Compiles a profile into its rate shape; each new profile kind adds one case here. */
export function profileShape(profile: Profile): RateShape {
  switch (profile.kind) {
    case 'constant':
      return new PiecewiseLinearShape([], profile.rate);
    case 'ramp': {
      let fromRate = profile.startRate;
      const segments = profile.stages.map((stage) => {
        const segment = { durationMs: stage.duration, fromRate, toRate: stage.target };
        fromRate = stage.target;
        return segment;
      });
      return new PiecewiseLinearShape(segments, fromRate);
    }
  }
}

/** Planned arrivals per second at `tMs` after the run start. */
export function rateAt(profile: Profile, tMs: number): number {
  return profileShape(profile).rateAt(tMs);
}
