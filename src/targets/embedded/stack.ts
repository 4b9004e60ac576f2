import { request } from 'undici';
import { errorMessage } from '../../errors.js';
import type { EmbeddedTarget, RollbackRule } from '../../experiment/schema.js';
import type { CleanupAudit } from '../../evaluate/summary.js';
import type { FaultEnvironment } from '../../faults/driver.js';
import { startEmbeddedToxiproxy } from '../../faults/toxiproxy/server/index.js';
import { ensureProxy, listGreenlightToxics } from '../../faults/toxiproxy/driver.js';
import { COLOURS, type Colour } from '../../shared/colour.js';
import { ReferenceRouterObserver } from '../routers/reference.js';
import type { RouterObserver } from '../router-observer.js';
import { startChild, type ChildServer } from './child.js';

export interface RunningStack {
  /** Where the load goes. */
  routerUrl: string;
  faultEnvironment: FaultEnvironment;
  observer: RouterObserver;
  /** One line per part, for the run's start banner. */
  parts: string[];
  /** Asks every part for faults greenlight left behind. */
  audit(): Promise<CleanupAudit>;
  /** Stops every process and listener; safe to call more than once. */
  close(): Promise<void>;
}

export interface EmbeddedStackOptions {
  seed: number;
  rollbackRules: readonly RollbackRule[];
  /** Overrides the experiment's controller.enabled (`--no-controller`). */
  controllerEnabled?: boolean;
}

/**
 * The embedded default: blue and green reference AI services (child processes), the embedded
 * Toxiproxy-compatible server with a proxy in front of each colour (in-process), and the
 * reference router with its rollback controller (child process), all on 127.0.0.1.
 */
export async function startEmbeddedStack(target: EmbeddedTarget, options: EmbeddedStackOptions): Promise<RunningStack> {
  const closers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => undefined);
  };
  try {
    const services = {} as Record<Colour, ChildServer>;
    for (const colour of COLOURS) {
      const knobs = { ...target[colour], seed: target[colour].seed + options.seed };
      services[colour] = await startChild(`${colour} reference service`, [
        'reference', 'serve', '--colour', colour, '--port', '0', '--knobs-json', JSON.stringify(knobs),
      ]);
      closers.push(services[colour].stop);
    }

    const toxiproxy = await startEmbeddedToxiproxy({ port: 0, seed: options.seed });
    closers.push(toxiproxy.close);
    const proxies = {} as Record<Colour, { name: string; listen: string }>;
    for (const colour of COLOURS) {
      const name = `greenlight-${colour}`;
      const listen = await ensureProxy(toxiproxy.url, { name, listen: '127.0.0.1:0', upstream: hostPort(services[colour].url) });
      proxies[colour] = { name, listen };
    }

    const controller = target.router.controller;
    const routerConfig = {
      upstreams: { blue: `http://${proxies.blue.listen}`, green: `http://${proxies.green.listen}` },
      weights: target.router.weights,
      controller: {
        enabled: options.controllerEnabled ?? controller.enabled,
        rules: controller.rules?.map((rule, index) => ({ ...rule, name: `controller rule ${index + 1}`, switchTo: 'blue' as const }))
          ?? options.rollbackRules.map(({ within: _within, ...rule }) => rule),
        intervalMs: controller.interval,
      },
    };
    const router = await startChild('reference router', ['reference', 'router', '--port', '0', '--config-json', JSON.stringify(routerConfig)]);
    closers.push(router.stop);

    const referenceAdmin = { blue: services.blue.url, green: services.green.url };
    const faultEnvironment: FaultEnvironment = {
      toxiproxy: { url: toxiproxy.url, proxies: { blue: proxies.blue.name, green: proxies.green.name } },
      referenceAdmin,
    };
    const controllerState = routerConfig.controller.enabled ? `controller on, ${routerConfig.controller.rules.length} rule(s)` : 'controller OFF';
    return {
      routerUrl: router.url,
      faultEnvironment,
      observer: new ReferenceRouterObserver(router.url),
      parts: [
        `router      ${router.url}  (weights blue ${target.router.weights.blue} / green ${target.router.weights.green}, ${controllerState})`,
        `blue        ${services.blue.url}  via proxy ${proxies.blue.listen}`,
        `green       ${services.green.url}  via proxy ${proxies.green.listen}`,
        `toxiproxy   ${toxiproxy.url}  (embedded)`,
      ],
      audit: () => auditEmbedded(toxiproxy.url, referenceAdmin),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function hostPort(url: string): string {
  return new URL(url).host;
}

async function auditEmbedded(toxiproxyUrl: string, referenceAdmin: Record<Colour, string>): Promise<CleanupAudit> {
  const leftovers: string[] = [];
  try {
    leftovers.push(...(await listGreenlightToxics(toxiproxyUrl)).map((toxic) => `toxic ${toxic}`));
  } catch (error) {
    leftovers.push(`toxiproxy at ${toxiproxyUrl} could not be audited: ${errorMessage(error)}`);
  }
  for (const colour of COLOURS) {
    try {
      const response = await request(`${referenceAdmin[colour]}/admin/state`, { headersTimeout: 2000, bodyTimeout: 2000 });
      const state = (await response.body.json()) as { vram?: { pressureMiB?: number } };
      const pressure = state.vram?.pressureMiB ?? 0;
      if (pressure > 0) leftovers.push(`${colour} simulated VRAM pressure ${pressure} MiB`);
    } catch (error) {
      leftovers.push(`${colour} reference service could not be audited: ${errorMessage(error)}`);
    }
  }
  return { clean: leftovers.length === 0, leftovers };
}
