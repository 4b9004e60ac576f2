import { InputError } from '../../../errors.js';
import type { Profile } from '../../../experiment/load-schema.js';
import type { RateShape } from '../../profiles/rate-shape.js';
import { profileShape } from '../../profiles/shape.js';

/** One k6 `ramping-arrival-rate` stage: the rate moves linearly to `target` (per timeUnit). */
export interface K6Stage {
  target: number;
  duration: string;
}

/** A profile as k6 stages, with how far those stages stray from the exact rate. */
export interface RateStages {
  timeUnit: string;
  startRate: number;
  stages: K6Stage[];
  /** Largest |stages(t) − rate(t)| / max(rate(t), peak / 100) over the check points. */
  maxRelativeError: number;
  peakRps: number;
}

/** The largest relative error accepted between the k6 stages and the exact profile. */
export const MAX_RELATIVE_ERROR = 0.02;

/** Below a hundredth of the peak, errors are measured against that hundredth (no division by ~0). */
const ERROR_FLOOR_OF_PEAK = 0.01;
const TIME_UNITS = [
  { name: '1s', ms: 1000 },
  { name: '1m', ms: 60_000 },
  { name: '1h', ms: 3_600_000 },
] as const;
/** Check points over the run: fine enough for second-long features of an hour-long run. */
const MAX_GRID_POINTS = 20_000;
const MIN_GRID_MS = 10;
/** Fit tolerances tried in turn: the rest of the 2 % is left for rounding targets to whole numbers. */
const FIT_TOLERANCES = [0.01, 0.005, 0.0025];

interface Breakpoint {
  tMs: number;
  rps: number;
}

/**
 * Approximates the rate over [0, durationMs] by linear k6 stages. Breakpoints are chosen
 * greedily on a grid: each stage runs as far as its chord stays within tolerance of rateAt at
 * every grid point it spans; a chord between neighbouring grid points that misses the rate at
 * its middle is bisected down to 1 ms, so a jump in the rate becomes a 1 ms stage. Targets are
 * whole numbers per timeUnit; the shortest of 1s, 1m, 1h whose rounding keeps the error within
 * MAX_RELATIVE_ERROR is used. Throws an InputError naming the profile when nothing does.
 */
export function rateStages(shape: RateShape, durationMs: number): RateStages {
  const gridMs = Math.max(MIN_GRID_MS, Math.ceil(durationMs / MAX_GRID_POINTS));
  const grid = gridTimes(durationMs, gridMs);
  const peakRps = grid.reduce((peak, t) => Math.max(peak, shape.rateAt(t)), 0);
  const floor = peakRps * ERROR_FLOOR_OF_PEAK;
  let best: RateStages | undefined;
  for (const tolerance of FIT_TOLERANCES) {
    const breakpoints = fitBreakpoints(shape, grid, tolerance, floor);
    for (const unit of TIME_UNITS) {
      const stages = roundedStages(breakpoints, unit, peakRps);
      stages.maxRelativeError = measureError(shape, stages, grid, floor);
      if (stages.maxRelativeError <= MAX_RELATIVE_ERROR) return stages;
      if (!best || stages.maxRelativeError < best.maxRelativeError) best = stages;
    }
  }
  const bestPercent = ((best?.maxRelativeError ?? 1) * 100).toFixed(2);
  throw new InputError(
    `load.profile: k6 stages cannot follow this profile within ${MAX_RELATIVE_ERROR * 100} % (best ${bestPercent} %); use the native engine`,
  );
}

/**
 * A profile's k6 stages. A recorded series compiles like the built-in kinds (it is piecewise
 * linear, so its stages are its own points); a trace cannot: k6's arrival-rate executors space
 * iterations evenly and carry no per-request token counts.
 */
export function profileStages(profile: Profile, durationMs: number): RateStages {
  if (profile.kind === 'trace') {
    throw new InputError(
      'load.profile: a trace replays recorded requests one by one, with their token counts; k6 cannot, use the native engine',
    );
  }
  return rateStages(profileShape(profile), durationMs);
}

function gridTimes(durationMs: number, gridMs: number): number[] {
  const times: number[] = [];
  for (let t = 0; t < durationMs; t += gridMs) times.push(t);
  times.push(durationMs);
  return times;
}

function relativeError(approx: number, exact: number, floor: number): number {
  const scale = Math.max(exact, floor);
  return scale === 0 ? Math.abs(approx - exact) : Math.abs(approx - exact) / scale;
}

function fitBreakpoints(shape: RateShape, grid: readonly number[], tolerance: number, floor: number): Breakpoint[] {
  const rates = grid.map((t) => shape.rateAt(t));
  const chordFits = (from: number, to: number): boolean => {
    const t0 = grid[from] as number;
    const slope = ((rates[to] as number) - (rates[from] as number)) / ((grid[to] as number) - t0);
    for (let k = from + 1; k < to; k++) {
      const chord = (rates[from] as number) + slope * ((grid[k] as number) - t0);
      if (relativeError(chord, rates[k] as number, floor) > tolerance) return false;
    }
    return true;
  };
  const breakpoints: Breakpoint[] = [{ tMs: 0, rps: rates[0] as number }];
  const last = grid.length - 1;
  for (let from = 0; from < last;) {
    // Gallop, then halve: the farthest grid point the chord from `from` can reach.
    let to = from + 1;
    let step = 1;
    while (to + step <= last && chordFits(from, to + step)) {
      to += step;
      step *= 2;
    }
    for (step >>= 1; step >= 1; step >>= 1) {
      if (to + step <= last && chordFits(from, to + step)) to += step;
    }
    if (to === from + 1) refineBetween(shape, grid[from] as number, grid[to] as number, tolerance, floor, breakpoints);
    breakpoints.push({ tMs: grid[to] as number, rps: rates[to] as number });
    from = to;
  }
  return breakpoints;
}

/** Adds breakpoints strictly inside (a, b) until each chord matches the rate at its middle. */
function refineBetween(
  shape: RateShape,
  a: number,
  b: number,
  tolerance: number,
  floor: number,
  out: Breakpoint[],
): void {
  if (b - a <= 1) return;
  const middle = Math.round((a + b) / 2);
  const chord = (shape.rateAt(a) + shape.rateAt(b)) / 2;
  if (relativeError(chord, shape.rateAt(middle), floor) <= tolerance) return;
  refineBetween(shape, a, middle, tolerance, floor, out);
  out.push({ tMs: middle, rps: shape.rateAt(middle) });
  refineBetween(shape, middle, b, tolerance, floor, out);
}

function roundedStages(
  breakpoints: readonly Breakpoint[],
  unit: { name: string; ms: number },
  peakRps: number,
): RateStages {
  const perUnit = (rps: number): number => Math.round((rps * unit.ms) / 1000);
  const stages: K6Stage[] = [];
  for (let k = 1; k < breakpoints.length; k++) {
    const from = breakpoints[k - 1] as Breakpoint;
    const to = breakpoints[k] as Breakpoint;
    stages.push({ target: perUnit(to.rps), duration: `${to.tMs - from.tMs}ms` });
  }
  return { timeUnit: unit.name, startRate: perUnit(breakpoints[0]?.rps ?? 0), stages, maxRelativeError: 0, peakRps };
}

/**
 * The error of the stages against the exact rate at every grid point and in the middle of every
 * stage longer than 1 ms (a 1 ms stage stands for a jump, where the exact rate has no middle).
 */
function measureError(shape: RateShape, stages: RateStages, grid: readonly number[], floor: number): number {
  const points = [...grid];
  let start = 0;
  for (const stage of stages.stages) {
    const length = stageMs(stage);
    if (length > 1) points.push(start + length / 2);
    start += length;
  }
  let worst = 0;
  for (const t of points) {
    worst = Math.max(worst, relativeError(stagesRateAt(stages, t), shape.rateAt(t), floor));
  }
  return worst;
}

/** The rate (per second) k6 runs at `tMs` under these stages: linear within each stage. */
export function stagesRateAt(stages: Pick<RateStages, 'timeUnit' | 'startRate' | 'stages'>, tMs: number): number {
  const unitMs = TIME_UNITS.find((unit) => unit.name === stages.timeUnit)?.ms ?? 1000;
  let start = 0;
  let from = stages.startRate;
  for (const stage of stages.stages) {
    const length = stageMs(stage);
    if (tMs <= start + length) {
      const fraction = length === 0 ? 1 : (tMs - start) / length;
      return ((from + (stage.target - from) * fraction) * 1000) / unitMs;
    }
    start += length;
    from = stage.target;
  }
  return (from * 1000) / unitMs;
}

function stageMs(stage: K6Stage): number {
  return Number(stage.duration.slice(0, -'ms'.length));
}
