import type { JournalSink } from '../journal/events.js';
import type { LoadSpec } from '../experiment/load-schema.js';

/** Everything an engine needs to generate one run's load. */
export interface LoadPlan {
  /** Base URL the load goes to (the router, or one colour directly), e.g. http://127.0.0.1:8080. */
  url: string;
  load: LoadSpec;
  /** The run's start on the wall clock (ms since epoch); arrival times count from here. */
  startAt: number;
  durationMs: number;
  seed: number;
  /** The run's folder, where an engine may keep its own files (the k6 engine's script and results). */
  runDir?: string;
  /**
   * The native engine: run the schedule on this many worker threads, each an execution segment
   * of it (see src/load/segment.ts); 1 or absent runs it on the main thread.
   */
  workers?: number;
  /** Headers sent with every request (a target's Authorization, say); values are never journaled. */
  headers?: Readonly<Record<string, string>>;
}

/** Live counters an engine exposes for the progress line. */
export interface LoadProgress {
  sent: number;
  completed: number;
  errors: number;
  dropped: number;
  inFlight: number;
}

/**
 * A load engine generates the plan's arrivals and writes per-second, per-colour `bucket`
 * events to the journal. It resolves when the last request has finished (or the signal aborted
 * the run, in which case in-flight requests are cancelled and still recorded).
 */
export interface LoadEngine {
  readonly name: string;
  run(plan: LoadPlan, journal: JournalSink, signal: AbortSignal): Promise<void>;
  progress(): LoadProgress;
}
