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

/** What the progress ticker reads, besides the engine's counters. */
export interface ProgressSources {
  startAt: number;
  totalMs: number;
  now: () => number;
  engine: { progress(): LoadProgress };
  phase: () => string;
  activeFaults: () => string[];
  router: () => string;
}

/** Reports progress once a second until the returned function is called. */
export function startProgressTicker(sources: ProgressSources, onProgress: (progress: RunProgress) => void): () => void {
  const meter = createRateMeter();
  const timer = setInterval(() => {
    const load = sources.engine.progress();
    onProgress({
      phase: sources.phase(),
      elapsedMs: Math.min(Math.max(0, sources.now() - sources.startAt), sources.totalMs),
      totalMs: sources.totalMs,
      ...meter(load),
      errorsTotal: load.errors,
      droppedTotal: load.dropped,
      inFlight: load.inFlight,
      activeFaults: sources.activeFaults(),
      router: sources.router(),
    });
  }, 1000);
  return () => clearInterval(timer);
}

/** Turns cumulative engine counters into per-second rates. */
function createRateMeter(): (now: LoadProgress) => { rps: number; errorRate: number } {
  let previous: LoadProgress | undefined;
  return (now) => {
    const completed = now.completed - (previous?.completed ?? 0);
    const errors = now.errors - (previous?.errors ?? 0);
    previous = { ...now };
    return { rps: completed, errorRate: completed === 0 ? 0 : errors / completed };
  };
}
