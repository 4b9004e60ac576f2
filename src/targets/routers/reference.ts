import { request } from 'undici';
import { EnvironmentError, errorMessage } from '../../errors.js';
import type { Colour } from '../../shared/colour.js';
import { activeOf, type RouterObserver, type RouterView } from '../router-observer.js';

interface ReferenceRouterState {
  weights: Record<Colour, number>;
  switches: { at: number; reason: string }[];
}

/** Observes greenlight's reference router through its admin API (`GET /_router/state`). */
export class ReferenceRouterObserver implements RouterObserver {
  readonly name = 'reference router';

  constructor(private readonly url: string) {}

  async observe(): Promise<RouterView> {
    let state: ReferenceRouterState;
    try {
      const response = await request(`${this.url}/_router/state`, { headersTimeout: 2000, bodyTimeout: 2000 });
      if (response.statusCode !== 200) {
        await response.body.dump();
        throw new Error(`HTTP ${response.statusCode}`);
      }
      state = (await response.body.json()) as ReferenceRouterState;
    } catch (error) {
      throw new EnvironmentError(`cannot read the reference router's state at ${this.url}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    const latest = state.switches.at(-1);
    return {
      active: activeOf(state.weights),
      weights: state.weights,
      ...(latest ? { reason: latest.reason, changedAt: latest.at } : {}),
    };
  }
}
