import type { ControllerRule, Weights } from '../../reference/router/options.js';
import type { Colour } from '../../shared/colour.js';
import { startHaproxyController } from './controller.js';
import { HaproxyObserver } from '../routers/haproxy.js';
import type { RouterObserver } from '../router-observer.js';
import { HAPROXY_BACKEND } from './config.js';
import { startHaproxy } from './process.js';

export interface HaproxyRouterOptions {
  /** host:port of each colour's upstream. */
  servers: Record<Colour, string>;
  weights: Weights;
  controller: { enabled: boolean; rules: ControllerRule[]; intervalMs: number };
  canary?: { stages: number[]; everyMs: number };
}

export interface RunningRouter {
  url: string;
  observer: RouterObserver;
  /** The banner line(s) for the run's start. */
  parts: string[];
  /** host:port of the router's own Prometheus metrics, when it has them. */
  metricsTargets: string[];
  stop(): Promise<void>;
}

/**
 * HAProxy as the stack's router, with the reference rollback controller (a child process,
 * `greenlight reference controller`) driving its runtime API; the observer polls HAProxy.
 */
export async function startHaproxyRouter(options: HaproxyRouterOptions): Promise<RunningRouter> {
  const haproxy = await startHaproxy({ servers: options.servers, weights: options.weights });
  try {
    const { enabled, intervalMs } = options.controller;
    const rules = enabled ? options.controller.rules : [];
    // The controller process also runs the canary promotion, so it runs for either.
    const controller =
      enabled || options.canary
        ? await startHaproxyController({
            runtimeApi: haproxy.socketPath,
            backend: HAPROXY_BACKEND,
            rules,
            intervalMs,
            canary: options.canary,
          })
        : undefined;
    const controllerState = `${enabled ? `controller ${controller?.url ?? ''}, ${rules.length} rule(s)` : 'controller OFF'}${options.canary ? `, canary ${options.canary.stages.join('/')} %` : ''}`;
    return {
      url: haproxy.url,
      observer: new HaproxyObserver({ path: haproxy.socketPath }, HAPROXY_BACKEND),
      parts: [
        `router      ${haproxy.url}  (HAProxy ${haproxy.binary}, weights blue ${options.weights.blue} / green ${options.weights.green}, ${controllerState})`,
        `runtime API ${haproxy.socketPath}`,
        `metrics     ${haproxy.metricsUrl}  (HAProxy's Prometheus exporter)`,
      ],
      metricsTargets: [new URL(haproxy.metricsUrl).host],
      async stop() {
        await controller?.stop();
        await haproxy.stop();
      },
    };
  } catch (error) {
    await haproxy.stop();
    throw error;
  }
}
