import type { RateShape } from './rate-shape.js';
import { invertMonotone } from './monotone-inverse.js';

const MS_PER_S = 1000;

/**
 * rate(t) = base + amplitude · sin(2πt/period + phase). The cumulative is exact in closed form;
 * its inverse is numeric: every whole period adds exactly base · period arrivals, which
 * brackets the answer within one period, and a safeguarded Newton search finds it there.
 */
export class SineShape implements RateShape {
  private readonly omega: number;
  private readonly phaseRad: number;
  private readonly perPeriod: number;

  constructor(
    private readonly baseRate: number,
    private readonly amplitude: number,
    private readonly periodMs: number,
    phaseDegrees: number,
  ) {
    this.omega = (2 * Math.PI) / periodMs;
    this.phaseRad = (phaseDegrees * Math.PI) / 180;
    this.perPeriod = (baseRate * periodMs) / MS_PER_S;
  }

  rateAt(tMs: number): number {
    if (tMs < 0) return 0;
    return Math.max(0, this.baseRate + this.amplitude * Math.sin(this.omega * tMs + this.phaseRad));
  }

  cumulative(tMs: number): number {
    if (tMs <= 0) return 0;
    // Whole periods exactly, then the part within one: stays precise over hours.
    const periods = Math.floor(tMs / this.periodMs);
    return periods * this.perPeriod + this.withinPeriod(tMs - periods * this.periodMs);
  }

  timeOfCumulative(arrivals: number): number {
    if (arrivals <= 0) return 0;
    if (this.perPeriod <= 0) return Infinity;
    // Whole periods before the one in which `arrivals` is reached (within it: (0, perPeriod]).
    const periods = Math.ceil(arrivals / this.perPeriod) - 1;
    const within = arrivals - periods * this.perPeriod;
    const offset = periods * this.periodMs;
    return (
      offset +
      invertMonotone(
        (t) => this.withinPeriod(t),
        (t) => this.rateAt(t),
        within,
        0,
        this.periodMs,
      )
    );
  }

  /** Arrivals in [0, sMs] for 0 ≤ sMs ≤ period. */
  private withinPeriod(sMs: number): number {
    const wave = (this.amplitude / this.omega) * (Math.cos(this.phaseRad) - Math.cos(this.omega * sMs + this.phaseRad));
    return Math.max(0, (this.baseRate * sMs + wave) / MS_PER_S);
  }
}
