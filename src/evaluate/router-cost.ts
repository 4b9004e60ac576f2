import type { JournalEvent, RouterCostEvent } from '../journal/events.js';
import type { RouterCostSummary } from './summary.js';

/** summary.json's `routerCost`: the run's router-cost check (the last, if there were several); undefined without one. */
export function summariseRouterCost(events: readonly JournalEvent[]): RouterCostSummary | undefined {
  const event = events.findLast((candidate): candidate is RouterCostEvent => candidate.type === 'router.cost');
  if (!event) return undefined;
  return {
    measuredAt: new Date(event.t).toISOString(),
    durationMs: event.durationMs,
    router: event.router,
    colours: event.colours,
    holdsBackFirstTokens: event.holdsBackFirstTokens,
    fix: event.fix ?? null,
    note: event.note ?? null,
  };
}
