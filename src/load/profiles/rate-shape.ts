/**
 * A profile seen as a function of time. Rates are arrivals per second, times are milliseconds
 * since the run start. Every profile kind compiles to one of these, so arrival processes work
 * for any profile that can say its rate, its cumulative arrivals and the inverse of those.
 */
export interface RateShape {
  /** Planned arrivals per second at `tMs`. */
  rateAt(tMs: number): number;
  /** Expected arrivals in [0, tMs]: the integral of the rate. */
  cumulative(tMs: number): number;
  /** The earliest time at which `cumulative` reaches `arrivals`; Infinity when it never does. */
  timeOfCumulative(arrivals: number): number;
}
