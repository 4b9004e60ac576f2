import type { Profile } from '../../experiment/load-schema.js';
import { PiecewiseLinearShape } from './piecewise-linear.js';
import type { RateShape } from './rate-shape.js';
import { SequenceShape } from './sequence-shape.js';
import { SineShape } from './sine-shape.js';
import { SumShape } from './sum-shape.js';
import { seriesShape } from './series-shape.js';
import { TraceShape } from './trace-shape.js';
import { traceSchedule } from './trace-schedule.js';

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
    case 'spike': {
      const { baseRate, peakRate } = profile;
      return new PiecewiseLinearShape(
        [
          { durationMs: profile.before, fromRate: baseRate, toRate: baseRate },
          { durationMs: profile.rise, fromRate: baseRate, toRate: peakRate },
          { durationMs: profile.hold, fromRate: peakRate, toRate: peakRate },
          { durationMs: profile.fall, fromRate: peakRate, toRate: baseRate },
        ],
        baseRate,
      );
    }
    case 'sine':
      return new SineShape(profile.baseRate, profile.amplitude, profile.period, profile.phase);
    case 'step': {
      const segments = profile.steps.map((step) => ({
        durationMs: step.duration,
        fromRate: step.rate,
        toRate: step.rate,
      }));
      return new PiecewiseLinearShape(segments, profile.steps[profile.steps.length - 1]?.rate ?? 0);
    }
    case 'sequence':
      return new SequenceShape(
        profile.parts.map((part) => ({ shape: profileShape(part.profile), durationMs: part.duration })),
      );
    case 'sum':
      return new SumShape(profile.profiles.map(profileShape));
    case 'series':
      return seriesShape(profile);
    case 'trace':
      return new TraceShape(traceSchedule(profile).offsetsMs);
  }
}

/** Planned arrivals per second at `tMs` after the run start. */
export function rateAt(profile: Profile, tMs: number): number {
  return profileShape(profile).rateAt(tMs);
}
