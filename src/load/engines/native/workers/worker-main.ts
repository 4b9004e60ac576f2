// The entry of one worker thread of the native engine (built to dist/load-worker.js): runs one
// execution segment and sends its journal events to the main thread, which merges the buckets.
import { parentPort, workerData } from 'node:worker_threads';
import { GreenlightError, errorMessage } from '../../../../errors.js';
import type { JournalEvent } from '../../../../journal/events.js';
import { ClientMonitor } from '../client-monitor.js';
import { runSegment } from '../segment-run.js';
import {
  PROGRESS_FIELDS,
  type MainMessage,
  type WorkerFailure,
  type WorkerInput,
  type WorkerMessage,
} from './messages.js';

/** How often the worker publishes its counters for the progress line. */
const PUBLISH_MS = 200;

const input = workerData as WorkerInput;
const port = parentPort;
if (!port) throw new Error('load-worker: not started as a worker thread');

const post = (message: WorkerMessage): void => port.postMessage(message);
const pending: JournalEvent[] = [];
const journal = { append: (event: JournalEvent) => void pending.push(event) };
const counters = { sent: 0, completed: 0, errors: 0, dropped: 0, inFlight: 0 };
const slots = new Int32Array(input.counters, input.segment.index * PROGRESS_FIELDS.length * 4, PROGRESS_FIELDS.length);
const publish = (): void => PROGRESS_FIELDS.forEach((field, slot) => Atomics.store(slots, slot, counters[field]));
const publisher = setInterval(publish, PUBLISH_MS);

const abort = new AbortController();
port.on('message', (message: MainMessage) => {
  if (message.type === 'abort') abort.abort();
});

const { plan, segment } = input;
const monitor = new ClientMonitor({ startAt: plan.startAt, worker: segment.index, cpu: false });
try {
  await runSegment({
    plan,
    segment,
    model: input.model,
    datasets: new Map(input.datasets),
    journal,
    signal: abort.signal,
    counters,
    onSecond: (second) => {
      const ended = monitor.tick(second);
      if (ended) pending.push(ended);
      // The buckets of every second before this one have been flushed.
      post({ type: 'events', events: pending.splice(0), completeBefore: plan.startAt + second * 1000 });
    },
  });
  const last = monitor.finish();
  if (last) pending.push(last);
  post({ type: 'events', events: pending.splice(0), completeBefore: Infinity });
  post({ type: 'done' });
} catch (error) {
  post({ type: 'events', events: pending.splice(0), completeBefore: Infinity });
  post({ type: 'failed', failure: failureOf(error) });
} finally {
  clearInterval(publisher);
  publish();
  port.close();
}

function failureOf(error: unknown): WorkerFailure {
  const code = error instanceof GreenlightError ? error.code : undefined;
  return {
    message: errorMessage(error),
    ...(code === 'bad-input' || code === 'environment' ? { code } : {}),
  };
}
