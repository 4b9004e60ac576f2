import { Pool } from 'undici';
import type { LoadSpec } from '../../../experiment/load-schema.js';
import { BucketRecorder, type RequestSample } from '../../../journal/bucket-recorder.js';
import type { JournalSink } from '../../../journal/events.js';
import { Random } from '../../../util/random.js';
import type { LoadEngine, LoadPlan, LoadProgress } from '../../engine.js';
import { arrivalTimes } from '../../profiles/arrivals.js';
import { profileShape } from '../../profiles/shape.js';
import { WorkloadSampler, needsDefaultModel } from '../../workloads/sampler.js';
import { runArrivalLoop } from './arrival-loop.js';
import { FALLBACK_MODEL, discoverModel } from './model-discovery.js';
import { preciseWallClock } from './precise-clock.js';
import { RequestRunner } from './request-runner.js';
import { startSecondTicker } from './second-ticker.js';
import { targetAddress } from './target-address.js';

const IDLE_CONNECTION_KEEP_MS = 30_000;

/**
 * greenlight's own load engine: open-model arrivals on the plan's schedule, AI requests over
 * undici with one keep-alive connection per allowed in-flight request, streamed responses
 * measured chunk by chunk, and per-second, per-colour buckets in the journal. An arrival that
 * finds `maxInFlight` requests running is dropped and counted, never delayed.
 */
export class NativeEngine implements LoadEngine {
  readonly name = 'native';
  private counters = { sent: 0, completed: 0, errors: 0, dropped: 0 };
  private readonly tasks = new Set<Promise<void>>();

  progress(): LoadProgress {
    return { ...this.counters, inFlight: this.tasks.size };
  }

  async run(plan: LoadPlan, journal: JournalSink, signal: AbortSignal): Promise<void> {
    this.counters = { sent: 0, completed: 0, errors: 0, dropped: 0 };
    const { load, startAt } = plan;
    const now = preciseWallClock();
    const target = targetAddress(plan.url);
    const pool = openPool(target.origin, load);
    const runner = new RequestRunner(pool, target, load.timeout, now);
    const recorder = new BucketRecorder(journal, startAt);
    const random = new Random(plan.seed);

    // Stops the run: the caller's abort, or a failure of the engine itself (the journal).
    const stop = new AbortController();
    let failure: { error: unknown } | undefined;
    const fail = (error: unknown): void => {
      failure ??= { error };
      stop.abort();
    };
    const forwardAbort = (): void => stop.abort();
    signal.addEventListener('abort', forwardAbort);
    if (signal.aborted) stop.abort();
    stop.signal.addEventListener('abort', () => runner.abortAll());

    const shape = profileShape(load.profile);
    const ticker = startSecondTicker(startAt, now, (second) => {
      try {
        if (second * 1000 < plan.durationMs) {
          journal.append({ type: 'load.target', t: startAt + second * 1000, rps: shape.rateAt(second * 1000) });
        }
        recorder.flushUntil(now());
      } catch (error) {
        fail(error);
      }
    });
    try {
      const model = needsDefaultModel(load.workload)
        ? await discoverModel(pool, target, AbortSignal.any([stop.signal, AbortSignal.timeout(load.timeout)]))
        : FALLBACK_MODEL;
      const sampler = new WorkloadSampler(load.workload, model, random.stream('workload'));
      const record = (sample: RequestSample): void => {
        this.counters.completed++;
        if (sample.error) this.counters.errors++;
        recorder.record(sample);
      };
      await runArrivalLoop({
        startAt,
        offsets: arrivalTimes(load.profile, plan.durationMs, load.arrival, random.stream('arrivals')),
        now,
        signal: stop.signal,
        onArrival: (plannedAt) => {
          if (this.tasks.size >= load.maxInFlight) {
            this.counters.dropped++;
            recorder.drop(plannedAt);
            return;
          }
          this.counters.sent++;
          const task: Promise<void> = runner
            .run(sampler.next(), plannedAt)
            .then(record)
            .catch(fail)
            .finally(() => this.tasks.delete(task));
          this.tasks.add(task);
        },
      });
      // Every request ends by itself within load.timeout; an abort ends them at once.
      await Promise.all(this.tasks);
    } finally {
      ticker.stop();
      signal.removeEventListener('abort', forwardAbort);
      await pool.destroy();
      recorder.flushAll();
    }
    if (failure) throw failure.error;
  }
}

/** One keep-alive connection per request allowed in flight, so no request waits for a socket. */
function openPool(origin: string, load: LoadSpec): Pool {
  return new Pool(origin, {
    connections: load.maxInFlight,
    pipelining: 1,
    keepAliveTimeout: IDLE_CONNECTION_KEEP_MS,
    connectTimeout: load.timeout,
    // The runner's own timer enforces load.timeout over the whole request.
    headersTimeout: 0,
    bodyTimeout: 0,
  });
}
