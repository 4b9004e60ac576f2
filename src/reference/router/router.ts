import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from '../../errors.js';
import { COLOURS } from '../../shared/colour.js';
import type { Colour } from '../../shared/colour.js';
import { stageWeights } from '../../shared/canary.js';
import { ADMIN_PREFIX, handleAdmin } from './admin.js';
import { CanaryPromotion } from './canary.js';
import { RollbackController } from './controller.js';
import { HealthChecker } from './health-checker.js';
import { ObservationWindow } from './observation-window.js';
import type { ResolvedRouterOptions } from './options.js';
import { forward } from './proxy.js';
import type { ProxyContext } from './proxy.js';
import { observedTraffic, STATE_WINDOW_MS } from './state.js';
import type { RouterState } from './state.js';
import { activeOf, TrafficTable } from './traffic.js';
import { Upstream } from './upstream.js';

const CANARY_TICK_MS = 100;

function perColour<T>(make: (colour: Colour) => T): Record<Colour, T> {
  return { blue: make('blue'), green: make('green') };
}

/** The router's parts wired together: traffic table, upstreams, observations, health, controller. */
export class ReferenceRouter {
  private readonly traffic: TrafficTable;
  private readonly upstreams: Record<Colour, Upstream>;
  private readonly windows: Record<Colour, ObservationWindow>;
  private readonly health: Record<Colour, HealthChecker>;
  private readonly controller: RollbackController;
  private readonly proxy: ProxyContext;
  private controllerTimer: NodeJS.Timeout | undefined;
  private canaryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ResolvedRouterOptions) {
    // A canary plan starts at its first stage, whatever the configured split.
    this.traffic = new TrafficTable(options.canary ? stageWeights(options.canary.stages[0] ?? 0) : options.weights);
    this.upstreams = perColour((colour) => new Upstream(colour, options.upstreams[colour]));
    const spanMs = Math.max(STATE_WINDOW_MS, ...options.controller.rules.map((rule) => rule.window));
    this.windows = perColour(() => new ObservationWindow(spanMs));
    this.health = perColour(
      (colour) =>
        new HealthChecker(this.upstreams[colour], options.healthCheck, (at, healthy) =>
          this.windows[colour].recordHealthCheck(at, healthy),
        ),
    );
    this.controller = new RollbackController(
      options.controller.rules,
      (colour, windowMs, now) => this.windows[colour].view(windowMs, now),
      this.traffic,
    );
    this.proxy = {
      pick: () => this.traffic.pick(),
      upstreams: this.upstreams,
      record: (colour, at, outcome) => this.windows[colour].recordRequest(at, outcome),
      upstreamTimeoutMs: options.upstreamTimeoutMs,
    };
  }

  /** Starts health checks, the canary promotion when there is one and, when enabled, the controller's ticks. */
  start(): void {
    for (const colour of COLOURS) this.health[colour].start();
    const canary = this.options.canary;
    if (canary && this.canaryTimer === undefined) {
      const promotion = new CanaryPromotion(canary.stages, canary.everyMs, this.traffic, Date.now());
      this.canaryTimer = setInterval(() => promotion.tick(Date.now()), CANARY_TICK_MS);
      this.canaryTimer.unref();
    }
    const { enabled, rules, intervalMs } = this.options.controller;
    if (!enabled || rules.length === 0 || this.controllerTimer !== undefined) return;
    this.controllerTimer = setInterval(() => this.controller.evaluate(Date.now()), intervalMs);
    this.controllerTimer.unref();
  }

  /** Stops the timers and drops every upstream connection. */
  async stop(): Promise<void> {
    clearInterval(this.controllerTimer);
    this.controllerTimer = undefined;
    clearInterval(this.canaryTimer);
    this.canaryTimer = undefined;
    for (const colour of COLOURS) this.health[colour].stop();
    await Promise.all(COLOURS.map((colour) => this.upstreams[colour].close()));
  }

  handle(request: IncomingMessage, response: ServerResponse): void {
    const url = request.url ?? '/';
    const handled =
      url === ADMIN_PREFIX || url.startsWith(`${ADMIN_PREFIX}/`) || url.startsWith(`${ADMIN_PREFIX}?`)
        ? handleAdmin(request, response, { traffic: this.traffic, state: () => this.state() })
        : forward(request, response, this.proxy);
    handled.catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`reference router: ${errorMessage(error)}`);
    });
  }

  state(): RouterState {
    const now = Date.now();
    const weights = this.traffic.current;
    return {
      active: activeOf(weights),
      weights,
      upstreams: { ...this.options.upstreams },
      health: perColour((colour) => this.health[colour].snapshot()),
      controller: { enabled: this.options.controller.enabled, rules: this.options.controller.rules },
      observed: perColour((colour) => observedTraffic(this.windows[colour].view(STATE_WINDOW_MS, now))),
      switches: [...this.traffic.switches],
    };
  }
}
