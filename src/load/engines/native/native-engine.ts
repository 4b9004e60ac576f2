import { Client } from 'undici';
import type { JournalSink } from '../../../journal/events.js';
import type { LoadEngine, LoadPlan, LoadProgress } from '../../engine.js';
import { profileShape } from '../../profiles/shape.js';
import { WHOLE_RUN } from '../../segment.js';
import { needsDefaultModel } from '../../workloads/sampler.js';
import { readWorkloadDatasets } from '../../workloads/workload-datasets.js';
import { ClientMonitor } from './client-monitor.js';
import { FALLBACK_MODEL, discoverModel } from './model-discovery.js';
import { preciseWallClock } from './precise-clock.js';
import { runSegment } from './segment-run.js';
import { startSecondTicker } from './second-ticker.js';
import { targetAddress } from './target-address.js';
import { runOnWorkers, type WorkerRun } from './workers/worker-pool.js';

const ZERO: LoadProgress = { sent: 0, completed: 0, errors: 0, dropped: 0, inFlight: 0 };

/**
 * greenlight's own load engine: open-model arrivals on the plan's schedule (or a closed model of
 * `concurrency` requests in flight), AI requests over its own HTTP/1.1 keep-alive client with one
 * connection per request in flight, streamed responses measured chunk by chunk, and per-second,
 * per-colour buckets in the journal. An arrival that finds `maxInFlight` requests running is
 * dropped and counted, never delayed.
 *
 * With `plan.workers` above 1 the run is split into that many execution segments, each on its
 * own worker thread (see workers/); their buckets are merged back into one per colour and second.
 * Either way the engine records its own health every second (`load.client` events).
 */
export class NativeEngine implements LoadEngine {
  readonly name = 'native';
  private progressOf: () => LoadProgress = () => ZERO;

  progress(): LoadProgress {
    return this.progressOf();
  }

  async run(plan: LoadPlan, journal: JournalSink, signal: AbortSignal): Promise<void> {
    const { load, startAt } = plan;
    const target = targetAddress(plan.url);
    const datasets = readWorkloadDatasets(load.workload);
    const model = needsDefaultModel(load.workload)
      ? await discoverModelOnce(
          target.origin,
          target.basePath,
          AbortSignal.any([signal, AbortSignal.timeout(load.timeout)]),
          plan.headers,
        )
      : FALLBACK_MODEL;
    // Every worker needs a share of at least one: of the closed model's concurrency, and of the in-flight cap.
    const workers = Math.min(plan.workers ?? 1, load.concurrency ?? Infinity, load.maxInFlight);

    // The main thread writes the planned rate and its own health (with the process's CPU) each second.
    const now = preciseWallClock();
    const monitor = new ClientMonitor({ startAt, cpu: true });
    const shape = load.profile ? profileShape(load.profile) : undefined;
    const onSecond = (second: number): void => {
      if (shape && second * 1000 < plan.durationMs) {
        journal.append({ type: 'load.target', t: startAt + second * 1000, rps: shape.rateAt(second * 1000) });
      }
      const ended = monitor.tick(second);
      if (ended) journal.append(ended);
    };
    try {
      if (workers <= 1) {
        const counters = { ...ZERO };
        this.progressOf = () => ({ ...counters });
        await runSegment({ plan, segment: WHOLE_RUN, model, datasets, journal, signal, counters, onSecond });
      } else {
        const ticker = startSecondTicker(startAt, now, onSecond);
        const run: WorkerRun = runOnWorkers({ plan, workers, model, datasets, journal, signal });
        this.progressOf = () => run.progress();
        try {
          await run.done;
        } finally {
          ticker.stop();
        }
      }
    } finally {
      const last = monitor.finish();
      if (last) journal.append(last);
    }
  }
}

/** Asks for the served model on a connection of its own, closed once it has answered. */
async function discoverModelOnce(
  origin: string,
  basePath: string,
  signal: AbortSignal,
  headers: Readonly<Record<string, string>> = {},
): Promise<string> {
  const client = new Client(origin);
  try {
    return await discoverModel(client, { origin, basePath }, signal, { ...headers });
  } finally {
    await client.destroy();
  }
}
