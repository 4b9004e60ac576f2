import type { JournalEvent } from '../../../../journal/events.js';
import type { ExecutionSegment } from '../../../segment.js';
import type { DatasetPrompt } from '../../../workloads/dataset.js';
import type { SegmentRunOptions } from '../segment-run.js';

/** What a worker thread is started with (structured-cloned plain data). */
export interface WorkerInput {
  plan: SegmentRunOptions['plan'];
  segment: ExecutionSegment;
  model: string;
  datasets: [string, DatasetPrompt[]][];
  /** PROGRESS_FIELDS counters per worker, as Int32 slots: the worker writes its own. */
  counters: SharedArrayBuffer;
}

/** The counters a worker publishes for the progress line, in slot order. */
export const PROGRESS_FIELDS = ['sent', 'completed', 'errors', 'dropped', 'inFlight'] as const;

/** A worker's error, with the kind the exit code depends on. */
export interface WorkerFailure {
  message: string;
  code?: 'bad-input' | 'environment';
}

/** From a worker to the main thread. */
export type WorkerMessage =
  /** Journal events, and the second (since the start) before which its buckets are all sent. */
  | { type: 'events'; events: JournalEvent[]; completeBefore: number }
  | { type: 'done' }
  | { type: 'failed'; failure: WorkerFailure };

/** From the main thread to a worker. */
export type MainMessage = { type: 'abort' };
