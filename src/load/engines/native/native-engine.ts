import { Client } from 'undici';
import type { LoadSpec } from '../../../experiment/load-schema.js';
import { BucketRecorder, type GoodRequestLimits } from '../../../journal/bucket-recorder.js';
import type { JournalSink } from '../../../journal/events.js';
import { Random } from '../../../util/random.js';
import type { LoadEngine, LoadPlan, LoadProgress } from '../../engine.js';
import { arrivalTimes } from '../../profiles/arrivals.js';
import { profileShape } from '../../profiles/shape.js';
import { WorkloadSampler, needsDefaultModel } from '../../workloads/sampler.js';
import { readWorkloadDatasets } from '../../workloads/workload-datasets.js';
import { runArrivalLoop } from './arrival-loop.js';
import { runClosedLoop } from './closed-loop.js';
import { Http1Pool } from './http1/pool.js';
import { FALLBACK_MODEL, discoverModel } from './model-discovery.js';
import { preciseWallClock } from './precise-clock.js';
import { RequestRunner } from './request-runner.js';
import { startSecondTicker } from './second-ticker.js';
import { targetAddress } from './target-address.js';

/**
 * greenlight's own load engine: open-model arrivals on the plan's schedule (or a closed model of
 * `concurrency` requests in flight), AI requests over its own HTTP/1.1 keep-alive client with one
 * connection per request in flight, streamed responses measured chunk by chunk, and per-second,
 * per-colour buckets in the journal. An arrival that finds `maxInFlight` requests running is
 * dropped and counted, never delayed.
 */
export class NativeEngine implements LoadEngine {
  readonly name = 'native';
  private counters = { sent: 0, completed: 0, errors: 0, dropped: 0 };
  private inFlight = 0;

  progress(): LoadProgress {
    return { ...this.counters, inFlight: this.inFlight };
  }

  async run(plan: LoadPlan, journal: JournalSink, signal: AbortSignal): Promise<void> {
    this.counters = { sent: 0, completed: 0, errors: 0, dropped: 0 };
    const { load, startAt } = plan;
    const now = preciseWallClock();
    const target = targetAddress(plan.url);
    const pool = new Http1Pool(target.endpoint, target.host);
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
        ? await discoverModelOnce(
            target.origin,
            target.basePath,
            AbortSignal.any([stop.signal, AbortSignal.timeout(load.timeout)]),
          )
        : FALLBACK_MODEL;
      const sampler = new WorkloadSampler(
        load.workload,
        model,
        random.stream('workload'),
        readWorkloadDatasets(load.workload),
      );
      let drained: (() => void) | undefined;
      const send = (plannedAt: number, then?: () => void): void => {
        const request = sampler.next();
        this.counters.sent++;
        this.inFlight++;
        runner.run(request, plannedAt, ({ sample, reply }) => {
          this.inFlight--;
          try {
            sampler.answered(request, reply);
            this.counters.completed++;
            if (sample.error) this.counters.errors++;
            recorder.record(sample);
          } catch (error) {
            fail(error);
          }
          then?.();
          if (this.inFlight === 0) drained?.();
        });
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
            if (this.inFlight >= load.maxInFlight) {
              this.counters.dropped++;
              recorder.drop(plannedAt);
              return;
            }
            try {
              send(plannedAt);
            } catch (error) {
              fail(error);
            }
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
          send: (then) => send(now(), then),
        });
      }
      // Every request ends by itself within load.timeout; an abort ends them at once.
      await new Promise<void>((resolve) => {
        drained = resolve;
        if (this.inFlight === 0) resolve();
      });
    } finally {
      ticker.stop();
      signal.removeEventListener('abort', forwardAbort);
      pool.destroy();
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

/** Asks for the served model on a connection of its own, closed once it has answered. */
async function discoverModelOnce(origin: string, basePath: string, signal: AbortSignal): Promise<string> {
  const client = new Client(origin);
  try {
    return await discoverModel(client, { origin, basePath }, signal);
  } finally {
    await client.destroy();
  }
}
