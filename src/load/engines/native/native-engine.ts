import { Pool } from 'undici';
import type { LoadSpec } from '../../../experiment/load-schema.js';
import { BucketRecorder, type GoodRequestLimits } from '../../../journal/bucket-recorder.js';
import type { JournalSink } from '../../../journal/events.js';
import { Random } from '../../../util/random.js';
import type { LoadEngine, LoadPlan, LoadProgress } from '../../engine.js';
import { arrivalTimes } from '../../profiles/arrivals.js';
import { profileShape } from '../../profiles/shape.js';
import { WorkloadSampler, needsDefaultModel } from '../../workloads/sampler.js';
import { runArrivalLoop } from './arrival-loop.js';
import { runClosedLoop } from './closed-loop.js';
import { FALLBACK_MODEL, discoverModel } from './model-discovery.js';
import { preciseWallClock } from './precise-clock.js';
import { RequestRunner } from './request-runner.js';
import { startSecondTicker } from './second-ticker.js';
import { targetAddress } from './target-address.js';

const IDLE_CONNECTION_KEEP_MS = 30_000;

/**
 * greenlight's own load engine: open-model arrivals on the plan's schedule (or a closed model of
 * `concurrency` requests in flight), AI requests over undici with one keep-alive connection per
 * allowed in-flight request, streamed responses measured chunk by chunk, and per-second, per-colour buckets in the journal. An arrival that
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
    const recorder = new BucketRecorder(journal, startAt, goodRequestLimits(load));
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

    const shape = load.profile ? profileShape(load.profile) : undefined;
    const ticker = startSecondTicker(startAt, now, (second) => {
      try {
        if (shape && second * 1000 < plan.durationMs) {
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
      const send = (plannedAt: number): Promise<void> => {
        this.counters.sent++;
        const request = sampler.next();
        const task: Promise<void> = runner
          .run(request, plannedAt)
          .then(({ sample, reply }) => {
            sampler.answered(request, reply);
            this.counters.completed++;
            if (sample.error) this.counters.errors++;
            recorder.record(sample);
          })
          .catch(fail)
          .finally(() => this.tasks.delete(task));
        this.tasks.add(task);
        return task;
      };
      if (load.profile) {
        await runArrivalLoop({
          startAt,
          offsets: arrivalTimes(
            load.profile,
            plan.durationMs,
            load.arrival,
            random.stream('arrivals'),
            load.burstiness,
          ),
          now,
          signal: stop.signal,
          onArrival: (plannedAt) => {
            if (this.tasks.size >= load.maxInFlight) {
              this.counters.dropped++;
              recorder.drop(plannedAt);
              return;
            }
            void send(plannedAt);
          },
        });
      } else {
        // Closed model: a request is planned the moment its worker is free, so it has no lag.
        await runClosedLoop({
          startAt,
          endAt: startAt + plan.durationMs,
          concurrency: load.concurrency ?? 1,
          now,
          signal: stop.signal,
          send: () => send(now()),
        });
      }
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

/** The goodput objectives, in ms, that the recorder judges each request by. */
function goodRequestLimits(load: LoadSpec): GoodRequestLimits {
  const { ttft, tpot, e2e } = load.goodput ?? {};
  return {
    ...(ttft !== undefined && { ttft }),
    ...(tpot !== undefined && { tpot }),
    ...(e2e !== undefined && { e2e }),
  };
}

/** One keep-alive connection per request allowed in flight, so no request waits for a socket. */
function openPool(origin: string, load: LoadSpec): Pool {
  return new Pool(origin, {
    connections: load.concurrency ?? load.maxInFlight,
    pipelining: 1,
    keepAliveTimeout: IDLE_CONNECTION_KEEP_MS,
    connectTimeout: load.timeout,
    // The runner's own timer enforces load.timeout over the whole request.
    headersTimeout: 0,
    bodyTimeout: 0,
  });
}
