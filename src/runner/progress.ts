import type { LoadProgress } from '../load/engine.js';

/** What the progress line shows, once a second. */
export interface RunProgress {
  phase: string;
  elapsedMs: number;
  totalMs: number;
  /** Requests completed in the last second. */
  rps: number;
  /** Share of the last second's completed requests that failed. */
  errorRate: number;
  errorsTotal: number;
  droppedTotal: number;
  inFlight: number;
  activeFaults: string[];
  /** e.g. "blue 50 / green 50", or "blue" once all traffic is on one colour. */
  router: string;
}

/** Turns cumulative engine counters into per-second rates. */
export function createRateMeter(): (now: LoadProgress) => { rps: number; errorRate: number } {
  let previous: LoadProgress | undefined;
  return (now) => {
    const completed = now.completed - (previous?.completed ?? 0);
    const errors = now.errors - (previous?.errors ?? 0);
    previous = { ...now };
    return { rps: completed, errorRate: completed === 0 ? 0 : errors / completed };
  };
}
