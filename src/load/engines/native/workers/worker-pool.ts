import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EnvironmentError, InputError } from '../../../../errors.js';
import type { JournalSink } from '../../../../journal/events.js';
import { packageRoot } from '../../../../util/package-root.js';
import type { LoadProgress } from '../../../engine.js';
import type { WorkloadDatasets } from '../../../workloads/sampler.js';
import type { SegmentRunOptions } from '../segment-run.js';
import { BucketMerger } from './bucket-merger.js';
import {
  PROGRESS_FIELDS,
  type MainMessage,
  type WorkerFailure,
  type WorkerInput,
  type WorkerMessage,
} from './messages.js';

/** The worker threads' entry, bundled by scripts/build.mjs next to the CLI. */
export const WORKER_ENTRY = join('dist', 'load-worker.js');

export interface WorkerRunOptions {
  plan: SegmentRunOptions['plan'];
  workers: number;
  model: string;
  datasets: WorkloadDatasets;
  journal: JournalSink;
  signal: AbortSignal;
}

export interface WorkerRun {
  /** Resolves when every worker has ended and its buckets are in the journal. */
  done: Promise<void>;
  /** The workers' counters added up. */
  progress(): LoadProgress;
}

/**
 * Runs a load on `workers` worker threads, each one execution segment of it (segment k of n
 * takes every n-th arrival from the k-th on, a share of the closed model's concurrency and of
 * the in-flight cap). Their buckets come back as messages and are merged into one per colour
 * and second; their `load.client` events go into the journal as they are. Aborting the signal
 * stops them all, and what they measured is still written.
 */
export function runOnWorkers(options: WorkerRunOptions): WorkerRun {
  const { workers, journal } = options;
  const entry = join(packageRoot(), WORKER_ENTRY);
  if (!existsSync(entry)) {
    throw new EnvironmentError(`--workers: ${WORKER_ENTRY} is missing; build greenlight first (npm run build)`);
  }
  const counters = new SharedArrayBuffer(workers * PROGRESS_FIELDS.length * 4);
  const slots = new Int32Array(counters);
  const merger = new BucketMerger(journal, workers);
  const threads = Array.from({ length: workers }, (_, index) => {
    const workerData: WorkerInput = {
      plan: options.plan,
      segment: { index, count: workers },
      model: options.model,
      datasets: [...options.datasets].map(([path, prompts]) => [path, [...prompts]]),
      counters,
    };
    return new Worker(entry, { workerData });
  });
  const abort = (): void => {
    for (const thread of threads) thread.postMessage({ type: 'abort' } satisfies MainMessage);
  };
  options.signal.addEventListener('abort', abort, { once: true });
  if (options.signal.aborted) abort();

  const endings = threads.map(
    (thread, index) =>
      new Promise<WorkerFailure | undefined>((resolve) => {
        let failure: WorkerFailure | undefined;
        thread.on('message', (message: WorkerMessage) => {
          try {
            if (message.type === 'events') {
              for (const event of message.events) {
                if (event.type === 'bucket') merger.add(event);
                else journal.append(event);
              }
              merger.complete(index, message.completeBefore);
            } else if (message.type === 'failed') {
              failure ??= message.failure;
              abort();
            }
          } catch (error) {
            // The journal failed: stop every worker, and end with that.
            failure ??= { message: error instanceof Error ? error.message : String(error), code: 'environment' };
            abort();
          }
        });
        // A worker that crashed stops the others: a run at a fraction of its load is no run.
        thread.on('error', (error) => {
          failure ??= { message: `worker ${index}: ${error.message}` };
          abort();
        });
        thread.on('exit', () => resolve(failure));
      }),
  );
  const done = Promise.all(endings).then((failures) => {
    options.signal.removeEventListener('abort', abort);
    merger.flushAll();
    const failure = failures.find((found) => found !== undefined);
    if (failure) throw errorOf(failure);
  });
  return {
    done,
    progress: () => {
      const total: LoadProgress = { sent: 0, completed: 0, errors: 0, dropped: 0, inFlight: 0 };
      for (let worker = 0; worker < workers; worker++) {
        PROGRESS_FIELDS.forEach((field, slot) => {
          total[field] += Atomics.load(slots, worker * PROGRESS_FIELDS.length + slot);
        });
      }
      return total;
    },
  };
}

function errorOf(failure: WorkerFailure): Error {
  if (failure.code === 'bad-input') return new InputError(failure.message);
  if (failure.code === 'environment') return new EnvironmentError(failure.message);
  return new Error(failure.message);
}
