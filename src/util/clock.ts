import { setTimeout as sleepTimer } from 'node:timers/promises';

/** Time as timing logic sees it: injected so schedules can be tested deterministically. */
export interface Clock {
  now(): number;
  /** Resolves at `t` (ms since epoch), or rejects with an AbortError when `signal` aborts first. */
  sleepUntil(t: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleepUntil: async (t, signal) => {
    const wait = t - Date.now();
    if (wait > 0) await sleepTimer(wait, undefined, signal ? { signal } : undefined);
    else signal?.throwIfAborted();
  },
};

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
