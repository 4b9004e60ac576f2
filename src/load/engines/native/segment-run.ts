import type { LoadSpec } from '../../../experiment/load-schema.js';
import { BucketRecorder, type GoodRequestLimits } from '../../../journal/bucket-recorder.js';
import type { JournalSink } from '../../../journal/events.js';
import { Random } from '../../../util/random.js';
import type { LoadPlan, LoadProgress } from '../../engine.js';
import { arrivalTimes } from '../../profiles/arrivals.js';
import { segmentArrivals, segmentShare, type ExecutionSegment } from '../../segment.js';
import { WorkloadSampler, type WorkloadDatasets } from '../../workloads/sampler.js';
import { arrivalRequestShapes, type RequestShape } from '../../workloads/trace-requests.js';
import { runArrivalLoop } from './arrival-loop.js';
import { runClosedLoop } from './closed-loop.js';
import { Http1Pool } from './http1/pool.js';
import { preciseWallClock } from './precise-clock.js';
import { RequestRunner } from './request-runner.js';
import { startSecondTicker } from './second-ticker.js';
import { targetAddress } from './target-address.js';

/** What one segment of a run needs besides the plan: decided once for the whole run. */
export interface SegmentRunOptions {
  plan: Pick<LoadPlan, 'url' | 'load' | 'startAt' | 'durationMs' | 'seed' | 'headers'>;
  segment: ExecutionSegment;
  /** The model requests without their own ask for (discovered once for the run). */
  model: string;
  datasets: WorkloadDatasets;
  /** Where the segment's buckets go (the run's journal, or a worker's channel to it). */
  journal: JournalSink;
  signal: AbortSignal;
  /** The segment's live counters, updated in place (the progress line reads them). */
  counters: LoadProgress;
  /** Called at the start of every second of the run (k = 0, 1, …), after the buckets are flushed. */
  onSecond?: (second: number, now: number) => void;
}

/**
 * Runs one execution segment of a run: its share of the arrival timeline (or of the closed
 * model's concurrency and of the in-flight cap), sent over its own connections and recorded in
 * per-second, per-colour buckets. With the whole run as its segment, this is the whole engine;
 * on worker threads, each runs one segment.
 */
export async function runSegment(options: SegmentRunOptions): Promise<void> {
  const { plan, segment, journal, counters } = options;
  const { load, startAt } = plan;
  const now = preciseWallClock();
  const target = targetAddress(plan.url);
  const pool = new Http1Pool(target.endpoint, target.host, plan.headers);
  const runner = new RequestRunner(pool, target, load.timeout, now);
  const recorder = new BucketRecorder(journal, startAt, goodRequestLimits(load));
  const random = new Random(plan.seed);

  // Stops the segment: the caller's abort, or a failure of the engine itself (the journal).
  const stop = new AbortController();
  let failure: { error: unknown } | undefined;
  const fail = (error: unknown): void => {
    failure ??= { error };
    stop.abort();
  };
  const forwardAbort = (): void => stop.abort();
  options.signal.addEventListener('abort', forwardAbort);
  if (options.signal.aborted) stop.abort();
  stop.signal.addEventListener('abort', () => runner.abortAll());

  const ticker = startSecondTicker(startAt, now, (second) => {
    try {
      recorder.flushUntil(now());
      options.onSecond?.(second, now());
    } catch (error) {
      fail(error);
    }
  });
  try {
    // An open model's arrivals all draw from one stream, so every segment sends what the whole
    // run sends at its arrivals; closed-model workers have no shared timeline and draw apart.
    const stream = load.profile || segment.count === 1 ? 'workload' : `workload-${segment.index}`;
    const sampler = new WorkloadSampler(load.workload, options.model, random.stream(stream), options.datasets);
    let drained: (() => void) | undefined;
    const send = (plannedAt: number, then?: () => void, shape?: RequestShape): void => {
      const request = sampler.next(shape);
      counters.sent++;
      counters.inFlight++;
      runner.run(request, plannedAt, ({ sample, reply }) => {
        counters.inFlight--;
        try {
          sampler.answered(request, reply);
          counters.completed++;
          if (sample.error) counters.errors++;
          recorder.record(sample);
        } catch (error) {
          fail(error);
        }
        then?.();
        if (counters.inFlight === 0) drained?.();
      });
    };
    if (load.profile) {
      const maxInFlight = segmentShare(load.maxInFlight, segment);
      const timeline = arrivalTimes(
        load.profile,
        plan.durationMs,
        load.arrival,
        random.stream('arrivals'),
        load.burstiness,
      );
      // Trace replay: the arrival at position i of the whole timeline carries the trace's token counts for i.
      const shapeOf = arrivalRequestShapes(load.profile);
      let ownArrivals = 0;
      await runArrivalLoop({
        startAt,
        offsets: segmentArrivals(timeline, segment, (position) => sampler.skip(shapeOf?.(position))),
        now,
        signal: stop.signal,
        onArrival: (plannedAt) => {
          const shape = shapeOf?.(ownArrivals++ * segment.count + segment.index);
          try {
            if (counters.inFlight < maxInFlight) return send(plannedAt, undefined, shape);
            counters.dropped++;
            recorder.drop(plannedAt);
            // A dropped arrival still takes its draws: the requests after it stay the same.
            sampler.skip(shape);
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
        concurrency: segmentShare(load.concurrency ?? 1, segment),
        now,
        signal: stop.signal,
        send: (then) => send(now(), then),
      });
    }
    // Every request ends by itself within load.timeout; an abort ends them at once.
    await new Promise<void>((resolve) => {
      drained = resolve;
      if (counters.inFlight === 0) resolve();
    });
  } finally {
    ticker.stop();
    options.signal.removeEventListener('abort', forwardAbort);
    pool.destroy();
    recorder.flushAll();
  }
  if (failure) throw failure.error;
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
