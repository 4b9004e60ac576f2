import { request } from 'undici';
import { EnvironmentError, errorMessage } from '../errors.js';
import { summariseLoad } from '../evaluate/load-summary.js';
import type { LoadSummary } from '../evaluate/summary.js';
import { buildTimeline } from '../evaluate/timeline.js';
import type { LoadSpec } from '../experiment/load-schema.js';
import { JOURNAL_VERSION, type JournalEvent } from '../journal/events.js';
import { NativeEngine } from '../load/engines/native/index.js';
import { targetAddress } from '../load/engines/native/target-address.js';
import { createRateMeter, type RunProgress } from './progress.js';

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
const PREFLIGHT_TIMEOUT_MS = 5_000;

/**
 * Load without faults or a stack: the native engine against one URL, its journal kept in
 * memory and summarised exactly as a run's journal is. An open-model run's window is the planned
 * duration (requests still in flight at its end complete and count), so achieved/target compares
 * what was offered with what was planned.
 */
export async function runPlainLoad(options: PlainLoadOptions): Promise<PlainLoadResult> {
  const { url, load, durationMs, seed } = options;
  targetAddress(url);
  await preflight(url);
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
  const meter = createRateMeter();
  const ticker = setInterval(() => {
    const progress = engine.progress();
    const elapsedMs = Math.max(0, Date.now() - startAt);
    options.onProgress?.({
      phase: 'load',
      elapsedMs: Math.min(elapsedMs, durationMs),
      totalMs: durationMs,
      ...meter(progress),
      errorsTotal: progress.errors,
      droppedTotal: progress.dropped,
      inFlight: progress.inFlight,
      activeFaults: [],
      router: 'none (plain load)',
    });
  }, 1000);
  const signal = options.signal ?? new AbortController().signal;
  try {
    await engine.run({ url, load, startAt, durationMs, seed, workers: options.workers }, journal, signal);
  } finally {
    clearInterval(ticker);
  }
  const interrupted = signal.aborted;
  const endedAt = interrupted ? Date.now() : startAt + durationMs;
  journal.append({ type: 'run.ended', t: endedAt, reason: interrupted ? 'interrupted' : 'completed' });
  const timeline = buildTimeline(events);
  if (!timeline) throw new Error('plain load: the in-memory journal has no run.started event');
  return {
    url,
    seed,
    durationMs,
    startedAt: new Date(startAt).toISOString(),
    interrupted,
    load: summariseLoad(timeline, load),
  };
}

/** Any HTTP answer shows the target is up; only a transport failure stops the run (exit 3). */
async function preflight(url: string): Promise<void> {
  try {
    const response = await request(`${url.replace(/\/+$/, '')}/v1/models`, {
      headersTimeout: PREFLIGHT_TIMEOUT_MS,
      bodyTimeout: PREFLIGHT_TIMEOUT_MS,
    });
    await response.body.dump();
  } catch (error) {
    throw new EnvironmentError(`preflight: the target at ${url} is not reachable: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}
