import type { Colour } from '../../shared/colour.js';
import type { HealthStatus } from './health-checker.js';
import type { WindowView } from './observation-window.js';
import type { ControllerRule, Weights } from './options.js';
import type { SwitchRecord } from './traffic.js';

/** The trailing window `GET /_router/state` reports. */
export const STATE_WINDOW_MS = 10_000;

export interface ObservedTraffic {
  requests: number;
  errors: number;
  /** errors / requests; 0 when there were no requests. */
  errorRate: number;
  latencyP99Ms: number | null;
  ttftP99Ms: number | null;
}

/** The body of `GET /_router/state`. */
export interface RouterState {
  active: Colour | 'split';
  weights: Weights;
  upstreams: Record<Colour, string>;
  health: Record<Colour, HealthStatus>;
  controller: { enabled: boolean; rules: ControllerRule[] };
  /** Over the last STATE_WINDOW_MS. */
  observed: Record<Colour, ObservedTraffic>;
  switches: SwitchRecord[];
}

export function observedTraffic(view: WindowView): ObservedTraffic {
  return {
    requests: view.requests,
    errors: view.errors,
    errorRate: view.requests === 0 ? 0 : view.errors / view.requests,
    latencyP99Ms: view.latencyMs(99) ?? null,
    ttftP99Ms: view.ttftMs(99) ?? null,
  };
}
