import { summariseLoad } from '../evaluate/load-summary.js';
import type { LoadSummary } from '../evaluate/summary.js';
import type { LoadSpec } from '../experiment/load-schema.js';
import { JOURNAL_VERSION, type JournalEvent } from '../journal/events.js';
import { NativeEngine } from '../load/engines/native/index.js';
import { targetAddress } from '../load/engines/native/target-address.js';
import { preflightService } from './preflight.js';
import { startProgressTicker, type RunProgress } from './progress.js';

export interface PlainLoadOptions {
  url: string;
  load: LoadSpec;
  durationMs: number;
  seed: number;
  /** Worker threads the native engine runs the load on (1: the main thread). */
  workers?: number;
  /** Aborting it ends the load early; the result covers what ran. */
  signal?: AbortSignal;
  onProgress?(progress: RunProgress): void;
}

export interface PlainLoadResult {
  url: string;
  seed: number;
  durationMs: number;
  startedAt: string;
  interrupted: boolean;
  /** The same figures `summary.json`'s `load` holds, computed the same way from the journal. */
  load: LoadSummary;
}

const START_LEAD_MS = 300;

/**
 * Load without faults or a stack: the native engine against one URL, after the same preflight
 * as a run, its journal kept in memory and summarised exactly as a run's journal is. An
 * open-model run's window is the planned duration (requests still in flight at its end complete
 * and count), so achieved/target compares what was offered with what was planned.
 */
export async function runPlainLoad(options: PlainLoadOptions): Promise<PlainLoadResult> {
  const { url, load, durationMs, seed } = options;
  targetAddress(url);
  await preflightService(url);
  const events: JournalEvent[] = [];
  const journal = { append: (event: JournalEvent) => void events.push(event) };
  const engine = new NativeEngine();
  const startAt = Date.now() + START_LEAD_MS;
  journal.append({
    type: 'run.started',
    t: startAt,
    journalVersion: JOURNAL_VERSION,
    runId: 'load',
    seed,
    engine: engine.name,
    experiment: null,
    source: url,
  });
  const stopProgress = startProgressTicker(
    {
      ...{ startAt, totalMs: durationMs, now: () => Date.now(), engine },
      phase: () => 'load',
      activeFaults: () => [],
      router: () => 'none (plain load)',
    },
    (progress) => options.onProgress?.(progress),
  );
  const signal = options.signal ?? new AbortController().signal;
  try {
    await engine.run({ url, load, startAt, durationMs, seed, workers: options.workers }, journal, signal);
  } finally {
    stopProgress();
  }
  const interrupted = signal.aborted;
  const endedAt = interrupted ? Date.now() : startAt + durationMs;
  journal.append({ type: 'run.ended', t: endedAt, reason: interrupted ? 'interrupted' : 'completed' });
  return {
    url,
    seed,
    durationMs,
    startedAt: new Date(startAt).toISOString(),
    interrupted,
    load: summariseLoad(events, load),
  };
}
