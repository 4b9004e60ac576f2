import { EventEmitter } from 'node:events';
import type { JournalEvent, JournalSink } from '../journal/events.js';
import type { RunProgress } from './progress.js';

/** What a run says about itself when it has started. */
export interface RunStart {
  runId: string;
  runDir: string;
  /** One line per part of the stack, for a start banner. */
  parts: string[];
  durationMs: number;
  seed: number;
  /** The run's start on the wall clock (ms since epoch); journal offsets count from here. */
  startAt: number;
}

export interface RunEventMap {
  start: [start: RunStart];
  /** Once a second while the load runs. */
  progress: [progress: RunProgress];
  /** Every journal event as it is written (buckets included), in order. */
  journal: [event: JournalEvent];
  /** Something the user should know that is not a journal event (an observer that stopped answering). */
  notice: [message: string];
}

/**
 * The one channel out of a run, as autocannon's instance emitter: the journal file, the halt
 * watch, router observers that learn from measurements, the CLI's progress line and tests all
 * listen to it. Listeners run synchronously, in the order they subscribed, and must not throw.
 */
export class RunEvents extends EventEmitter<RunEventMap> {
  /** The sink engines, the fault scheduler and observers write to: every event goes out on `journal`. */
  readonly journal: JournalSink = { append: (event) => void this.emit('journal', event) };
}
