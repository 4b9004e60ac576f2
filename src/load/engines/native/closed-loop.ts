export interface ClosedLoopOptions {
  /** Wall-clock ms at which the workers start. */
  startAt: number;
  /** Wall-clock ms after which no worker starts another request. */
  endAt: number;
  concurrency: number;
  now: () => number;
  /** Sends one request; resolves when it has ended (it never rejects for a failed request). */
  send: () => Promise<void>;
  signal: AbortSignal;
}

/**
 * The closed model: `concurrency` workers, each starting its next request as soon as its last
 * one ended, until `endAt`. Throughput is whatever the target allows; nothing is ever dropped.
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<void> {
  const { startAt, endAt, concurrency, now, send, signal } = options;
  await sleepUntil(startAt, now, signal);
  const worker = async (): Promise<void> => {
    while (!signal.aborted && now() < endAt) await send();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function sleepUntil(at: number, now: () => number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(0, at - now()));
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
