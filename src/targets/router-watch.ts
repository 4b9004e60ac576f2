import { errorMessage } from '../errors.js';
import type { JournalSink } from '../journal/events.js';
import { isAbortError, type Clock } from '../util/clock.js';
import type { RouterObserver, RouterView } from './router-observer.js';

export const ROUTER_POLL_MS = 200;

export interface RouterWatchHooks {
  onView?: (view: RouterView) => void;
  /** Called once per distinct error while the router does not answer; polling goes on. */
  onError?: (message: string) => void;
}

/**
 * Polls a router observer and journals a `router.state` event at the start and on every
 * change of the split. The event's time is the router's own change time when it reports one
 * (exact), else the time the change was first observed (within one poll interval).
 */
export async function watchRouter(
  observer: RouterObserver,
  journal: JournalSink,
  clock: Clock,
  signal: AbortSignal,
  hooks: RouterWatchHooks = {},
): Promise<void> {
  let last: string | undefined;
  let lastError: string | undefined;
  while (!signal.aborted) {
    try {
      const view = await observer.observe();
      lastError = undefined;
      hooks.onView?.(view);
      const split = `${view.weights.blue}/${view.weights.green}`;
      if (split !== last) {
        const observedAt = clock.now();
        const isChange = last !== undefined;
        const t =
          isChange && view.changedAt !== undefined && view.changedAt <= observedAt ? view.changedAt : observedAt;
        journal.append({
          type: 'router.state',
          t,
          active: view.active,
          weights: view.weights,
          ...(isChange && view.reason ? { reason: view.reason } : {}),
        });
        last = split;
      }
    } catch (error) {
      const message = errorMessage(error);
      if (message !== lastError) hooks.onError?.(message);
      lastError = message;
    }
    try {
      await clock.sleepUntil(clock.now() + ROUTER_POLL_MS, signal);
    } catch (error) {
      if (isAbortError(error)) return;
      throw error;
    }
  }
}
