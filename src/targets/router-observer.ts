import type { JournalEvent } from '../journal/events.js';
import type { Colour } from '../shared/colour.js';

export interface RouterView {
  active: Colour | 'split';
  weights: Record<Colour, number>;
  /** The router's own reason for its latest change, when it gives one. */
  reason?: string;
  /** When the router says its latest change happened (ms since epoch), when it says. */
  changedAt?: number;
}

/** How greenlight learns where the router sends traffic. */
export interface RouterObserver {
  readonly name: string;
  observe(): Promise<RouterView>;
  /**
   * Observers that learn from the run's own measurements get every journal event as it is written;
   * before the load there is nothing for them to read, so preflight does not ask them.
   */
  onJournalEvent?(event: JournalEvent): void;
}

export function activeOf(weights: Record<Colour, number>): Colour | 'split' {
  if (weights.green <= 0 && weights.blue > 0) return 'blue';
  if (weights.blue <= 0 && weights.green > 0) return 'green';
  return 'split';
}
