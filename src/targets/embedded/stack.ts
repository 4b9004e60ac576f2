import { everyStep } from '../../util/every-step.js';
import type { RollbackRule } from '../../experiment/schema.js';
import type { EmbeddedTarget } from '../../experiment/target-schema.js';
import type { CleanupAudit } from '../../evaluate/summary.js';
import { auditParts, referenceVramPart } from '../audit.js';
import { canaryOptions, controllerRules } from '../controller-rules.js';
import type { RunningTarget } from '../target.js';
import type { FaultEnvironment } from '../../faults/driver.js';
import { COLOURS, type Colour } from '../../shared/colour.js';
import { ReferenceRouterObserver } from '../routers/reference.js';
import { stageWeights, type Canary } from '../../shared/canary.js';
import { startHaproxyRouter, type RunningRouter } from '../haproxy/router.js';
import { ResponseHeaderObserver } from '../routers/response-header.js';
import { startChild, type ChildServer } from './child.js';
import { StackLeaseFile, type LeasedResource } from '../stack-lease.js';
import { externalToxiproxyUrl, startStackToxiproxy, type StackToxiproxy } from './toxiproxy.js';

export interface EmbeddedStackOptions {
  seed: number;
  rollbackRules: readonly RollbackRule[];
  /** Overrides the experiment's controller.enabled (`--no-controller`). */
  controllerEnabled?: boolean;
  /** The experiment's staged canary promotion, which the router follows. */
  canary?: Canary | undefined;
  /** Starts blue and green; default: reference services as child processes (the containers stack runs them in Docker). */
  startServices?: (target: StackTarget, options: { seed: number }) => Promise<ColourServices>;
}

/** What the router front needs from a target: the colours' knobs, the router, an optional Toxiproxy. */
export type StackTarget = Omit<EmbeddedTarget, 'kind'>;

/** Blue and green, however they run. */
export interface ColourServices {
  urls: Record<Colour, string>;
  /** What fault drivers need to find them, beyond the reference admin API. */
  environment: FaultEnvironment;
  /** Banner lines, e.g. "blue  http://127.0.0.1:41234 (container 3f2a…)". */
  describe(colour: Colour): string;
  /** Leftovers on the services themselves (paused or limited containers, …). */
  audit(): Promise<string[]>;
  /** What outlives greenlight's own processes after a hard kill (containers), for the stack lease. */
  resources: LeasedResource[];
  stop(): Promise<void>;
}

/**
 * The embedded default: blue and green reference AI services (child processes), the embedded
 * Toxiproxy-compatible server with a proxy in front of each colour (in-process), and the
 * reference router with its rollback controller (child process), all on 127.0.0.1.
 */
export async function startEmbeddedStack(target: StackTarget, options: EmbeddedStackOptions): Promise<RunningTarget> {
  const closers: (() => Promise<void>)[] = [];
  const lease = new StackLeaseFile();
  const close = async (): Promise<void> => {
    const closedAll = await everyStep(closers.splice(0).reverse()).then(
      () => true,
      () => false,
    );
    // What could not be removed stays recorded, for `greenlight cleanup`.
    if (closedAll) await lease.remove();
  };
  try {
    const colourServices = await (options.startServices ?? startChildServices)(target, options);
    closers.push(colourServices.stop);
    const services = { blue: { url: colourServices.urls.blue }, green: { url: colourServices.urls.green } };

    const toxiproxy = await startStackToxiproxy(
      { blue: hostPort(services.blue.url), green: hostPort(services.green.url) },
      { seed: options.seed, externalUrl: externalToxiproxyUrl(target.toxiproxy?.url) },
    );
    closers.push(toxiproxy.close);
    const proxies = toxiproxy.proxies;

    const controller = target.router.controller;
    const routerConfig = {
      upstreams: { blue: `http://${proxies.blue.listen}`, green: `http://${proxies.green.listen}` },
      weights: target.router.weights,
      controller: {
        enabled: options.controllerEnabled ?? controller.enabled,
        rules: controllerRules(controller.rules, options.rollbackRules),
        intervalMs: controller.interval,
      },
      ...(options.canary ? { canary: canaryOptions(options.canary) } : {}),
    };
    const router =
      target.router.kind === 'haproxy'
        ? await startHaproxyRouter({
            servers: { blue: proxies.blue.listen, green: proxies.green.listen },
            weights: routerConfig.canary ? stageWeights(routerConfig.canary.stages[0] ?? 0) : routerConfig.weights,
            controller: routerConfig.controller,
            ...(routerConfig.canary ? { canary: routerConfig.canary } : {}),
          })
        : await startReferenceRouterChild(routerConfig);
    closers.push(router.stop);

    const referenceAdmin = { blue: services.blue.url, green: services.green.url };
    const faultEnvironment: FaultEnvironment = {
      ...colourServices.environment,
      toxiproxy: { url: toxiproxy.url, proxies: { blue: proxies.blue.name, green: proxies.green.name } },
      referenceAdmin,
    };
    return {
      routerUrl: router.url,
      colourUrls: colourServices.urls,
      headers: {},
      faultEnvironment,
      observer: target.router.observer === 'response-header' ? new ResponseHeaderObserver() : router.observer,
      parts: [
        ...router.parts,
        `blue        ${colourServices.describe('blue')}  via proxy ${proxies.blue.listen}`,
        `green       ${colourServices.describe('green')}  via proxy ${proxies.green.listen}`,
        toxiproxy.part,
      ],
      metricsTargets: [hostPort(services.blue.url), hostPort(services.green.url), ...router.metricsTargets],
      audit: () => auditEmbedded(toxiproxy, referenceAdmin, colourServices),
      recordLease: (runDir) => lease.record(runDir, [...colourServices.resources, ...toxiproxy.resources]),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The embedded default: each colour a `greenlight reference serve` child process. */
async function startChildServices(target: StackTarget, options: { seed: number }): Promise<ColourServices> {
  const started: ChildServer[] = [];
  const stop = async (): Promise<void> => {
    for (const child of started.splice(0).reverse()) await child.stop();
  };
  try {
    for (const colour of COLOURS) {
      const knobs = { ...target[colour], seed: target[colour].seed + options.seed };
      started.push(
        await startChild(`${colour} reference service`, [
          'reference',
          'serve',
          '--colour',
          colour,
          '--port',
          '0',
          '--knobs-json',
          JSON.stringify(knobs),
        ]),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const [blue, green] = started as [ChildServer, ChildServer];
  const urls = { blue: blue.url, green: green.url };
  return {
    urls,
    environment: {},
    describe: (colour) => urls[colour],
    audit: () => Promise.resolve([]),
    resources: [],
    stop,
  };
}

async function startReferenceRouterChild(config: {
  weights: { blue: number; green: number };
  controller: { enabled: boolean; rules: readonly unknown[] };
}): Promise<RunningRouter> {
  const router = await startChild('reference router', [
    'reference',
    'router',
    '--port',
    '0',
    '--config-json',
    JSON.stringify(config),
  ]);
  const controllerState = config.controller.enabled
    ? `controller on, ${config.controller.rules.length} rule(s)`
    : 'controller OFF';
  return {
    url: router.url,
    observer: new ReferenceRouterObserver(router.url),
    parts: [
      `router      ${router.url}  (weights blue ${config.weights.blue} / green ${config.weights.green}, ${controllerState})`,
    ],
    metricsTargets: [],
    stop: router.stop,
  };
}

function hostPort(url: string): string {
  return new URL(url).host;
}

function auditEmbedded(
  toxiproxy: StackToxiproxy,
  referenceAdmin: Record<Colour, string>,
  services: ColourServices,
): Promise<CleanupAudit> {
  return auditParts([
    { name: 'blue/green services', audit: () => services.audit() },
    { name: `toxiproxy at ${toxiproxy.url}`, audit: () => toxiproxy.audit() },
    ...COLOURS.map((colour) => referenceVramPart(colour, referenceAdmin[colour])),
  ]);
}
