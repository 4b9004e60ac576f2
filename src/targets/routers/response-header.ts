import type { JournalEvent } from '../../journal/events.js';
import { COLOUR_HEADER } from '../../shared/colour.js';
import type { RouterObserver, RouterView } from '../router-observer.js';

/** A second with fewer requests than this says nothing about the split. */
const MIN_REQUESTS_PER_SECOND = 5;
/** A colour must get no requests for this many seconds in a row before it counts as switched off. */
const QUIET_SECONDS = 2;

interface SecondCounts {
  t: number;
  blue: number;
  green: number;
}

/**
 * Learns the split of any router (nginx, Envoy, …) from the responses the load engine saw: each
 * response names its colour in the `x-greenlight-colour` header, and the engine's per-second,
 * per-colour buckets count them. It is fed those buckets through the journal, so the engine
 * knows nothing of it. It sees changes of the active colour only: a colour that got no requests
 * for QUIET_SECONDS seconds in a row is switched off, dated to the start of the first of them;
 * while both get traffic the split is reported as the shares measured when it became a split.
 */
export class ResponseHeaderObserver implements RouterObserver {
  readonly name = `response header (${COLOUR_HEADER})`;
  private readonly seconds: SecondCounts[] = [];
  private view: RouterView | undefined;

  onJournalEvent(event: JournalEvent): void {
    if (event.type !== 'bucket' || (event.colour !== 'blue' && event.colour !== 'green')) return;
    let second = this.seconds.find((candidate) => candidate.t === event.t);
    if (!second) {
      second = { t: event.t, blue: 0, green: 0 };
      this.seconds.push(second);
      this.seconds.sort((a, b) => a.t - b.t);
      if (this.seconds.length > QUIET_SECONDS + 1) this.seconds.shift();
    }
    second[event.colour] += event.requests;
  }

  observe(): Promise<RouterView> {
    const recent = this.seconds.slice(-QUIET_SECONDS);
    if (recent.length < QUIET_SECONDS || recent.some((s) => s.blue + s.green < MIN_REQUESTS_PER_SECOND)) {
      return this.view ? Promise.resolve(this.view) : Promise.reject(new Error('no responses seen yet'));
    }
    const since = recent[0]?.t ?? 0;
    const active = recent.every((s) => s.green === 0) ? 'blue' : recent.every((s) => s.blue === 0) ? 'green' : 'split';
    if (this.view?.active !== active) {
      const weights =
        active === 'blue' ? { blue: 100, green: 0 } : active === 'green' ? { blue: 0, green: 100 } : shares(recent);
      this.view = { active, weights, ...(this.view ? { changedAt: since } : {}) };
    }
    return Promise.resolve(this.view);
  }
}

function shares(seconds: readonly SecondCounts[]): { blue: number; green: number } {
  const blue = seconds.reduce((sum, s) => sum + s.blue, 0);
  const green = seconds.reduce((sum, s) => sum + s.green, 0);
  const greenPercent = Math.round((green / (blue + green)) * 100);
  return { blue: 100 - greenPercent, green: greenPercent };
}
