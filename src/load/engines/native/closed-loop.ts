import { isAbortError, systemClock } from '../../../util/clock.js';

export interface ClosedLoopOptions {
  /** Wall-clock ms at which the workers start. */
  startAt: number;
  /** Wall-clock ms after which no worker starts another request. */
  endAt: number;
  concurrency: number;
  now: () => number;
  /** Sends one request and calls `then` once it has ended (a failed request ends too). */
  send: (then: () => void) => void;
  signal: AbortSignal;
}

/**
 * The closed model: `concurrency` workers, each starting its next request as soon as its last
 * one ended, until `endAt`. Throughput is whatever the target allows; nothing is ever dropped.
 * Workers are callbacks, not async loops: a promise per request is a measurable share of the
 * client's cost at tens of thousands of requests a second.
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<void> {
  const { startAt, endAt, concurrency, now, send, signal } = options;
  try {
    await systemClock.sleepUntil(startAt, signal);
  } catch (error) {
    if (!isAbortError(error)) throw error;
  }
  await new Promise<void>((resolve, reject) => {
    let working = concurrency;
    let failure: { error: unknown } | undefined;
    const next = (): void => {
      if (failure || signal.aborted || now() >= endAt) {
        if (--working === 0) return failure ? reject(failure.error) : resolve();
        return;
      }
      try {
        send(next);
      } catch (error) {
        failure ??= { error };
        next();
      }
    };
    for (let worker = 0; worker < concurrency; worker++) next();
  });
}
