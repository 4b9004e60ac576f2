import { everyStep } from '../../util/every-step.js';
import { request } from 'undici';
import { InputError } from '../../errors.js';
import type { RollbackRule } from '../../experiment/schema.js';
import type { ComposeTarget } from '../../experiment/target-schema.js';
import { auditContainers } from '../../faults/docker/audit.js';
import { connectDocker } from '../../docker/engine.js';
import type { FaultEnvironment } from '../../faults/driver.js';
import type { Canary } from '../../shared/canary.js';
import { COLOURS, type Colour } from '../../shared/colour.js';
import { auditParts, referenceVramPart, type AuditedPart } from '../audit.js';
import { canaryOptions, controllerRules } from '../controller-rules.js';
import {
  startControllerOnUserHaproxy,
  startHaproxyController,
  type ControllerOnUserHaproxy,
} from '../haproxy/controller.js';
import { describeHeaders, resolveHeaders } from '../headers.js';
import { auditToxiproxy } from '../../faults/toxiproxy/proxies.js';
import { createRouterObserver, describeRouterObserver } from '../routers/create.js';
import { StackLeaseFile, type LeasedResource } from '../stack-lease.js';
import type { RunningTarget, TargetOptions } from '../target.js';
import type { ComposeParts } from './discover.js';
import { startComposeProject, type RunningComposeProject } from './project.js';

export interface ComposeTargetOptions extends TargetOptions {
  rollbackRules: readonly RollbackRule[];
  canary?: Canary | undefined;
}

/** The compose files when the target names none: $COMPOSE_FILE (Compose's own variable), else docker-compose.chaos.yml. */
export function composeFiles(target: ComposeTarget): string[] {
  const fromEnvironment = process.env.COMPOSE_FILE?.split(process.env.COMPOSE_PATH_SEPARATOR ?? ':').filter(Boolean);
  return (
    target.files ?? (fromEnvironment && fromEnvironment.length > 0 ? fromEnvironment : ['docker-compose.chaos.yml'])
  );
}

/**
 * A compose project greenlight brings up (or finds up already, and then leaves as it was), runs
 * on, and takes down with `down -v` unless `keep`: its colours, router, Toxiproxy proxies and
 * containers found by label or service name; greenlight's reference controller drives its
 * HAProxy unless the project brings its own controller.
 */
export async function startComposeTarget(target: ComposeTarget, options: ComposeTargetOptions): Promise<RunningTarget> {
  const headers = resolveHeaders(target.headers, 'target.headers');
  const files = composeFiles(target);
  const project = await startComposeProject({
    files,
    project: target.project,
    readyTimeoutMs: target.readyTimeout,
    ...(target.services ? { services: target.services } : {}),
  });
  let controller: ProjectController | undefined;
  const lease = new StackLeaseFile();
  // The lease goes only once everything is undone; until then greenlight cleanup finds it.
  const close = async (): Promise<void> => {
    await everyStep([() => controller?.stop(), () => (target.keep ? undefined : project.down())]);
    await lease.remove();
  };
  try {
    const { parts } = project;
    controller = await startController(project, target, options);
    const referenceAdmin = await referenceServices(parts);
    const environment = faultEnvironment(parts, referenceAdmin);
    return {
      routerUrl: parts.router.url,
      colourUrls: { blue: parts.colours.blue.url, green: parts.colours.green.url },
      headers,
      faultEnvironment: environment,
      observer: createRouterObserver(parts.router.observer, `compose service ${parts.router.service}`),
      parts: banner(project, target, controller),
      metricsTargets: COLOURS.map((colour) => new URL(parts.colours[colour].url).host),
      routerCostCheck: parts.router.observer.kind === 'haproxy' ? { router: 'haproxy' } : {},
      audit: () => auditParts(auditedParts(environment, referenceAdmin)),
      recordLease: async (runDir) => {
        const cwd = project.cwd ?? process.cwd();
        const resources: LeasedResource[] = [
          ...(project.broughtUp && !target.keep
            ? [{ kind: 'compose-project' as const, project: project.project, files: [...project.files], cwd }]
            : []),
          ...(controller?.lease ? [controller.lease] : []),
        ];
        await lease.record(runDir, resources);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The reference controller; on a project that was already up it sets the weights back when the run ends (lease). */
type ProjectController = Omit<ControllerOnUserHaproxy, 'lease'> & Partial<Pick<ControllerOnUserHaproxy, 'lease'>>;

async function startController(
  project: RunningComposeProject,
  target: ComposeTarget,
  options: ComposeTargetOptions,
): Promise<ProjectController | undefined> {
  const { parts } = project;
  if (target.controller === 'user' || options.controllerEnabled === false) return undefined;
  const observer = parts.router.observer;
  if (observer.kind !== 'haproxy') {
    throw new InputError(
      `compose service ${parts.router.service}: greenlight's reference controller drives HAProxy through its runtime API, but the router carries no greenlight.haproxy.runtime-api label; label it, or set target.controller: 'user'`,
    );
  }
  const start = {
    runtimeApi: observer.runtimeApi,
    backend: observer.backend,
    servers: observer.servers,
    rules: controllerRules(undefined, options.rollbackRules),
    intervalMs: 250,
    canary: options.canary && canaryOptions(options.canary),
  };
  if (!project.broughtUp) return startControllerOnUserHaproxy(start);
  const server = await startHaproxyController(start);
  return { server, stop: () => server.stop() };
}

/** The colours that answer greenlight's reference admin API: they take simulated GPU pressure. */
async function referenceServices(parts: ComposeParts): Promise<Partial<Record<Colour, string>>> {
  const found: Partial<Record<Colour, string>> = {};
  for (const colour of COLOURS) {
    const url = parts.colours[colour].url;
    const response = await request(`${url}/admin/state`, { headersTimeout: 2000, bodyTimeout: 2000 }).catch(
      () => undefined,
    );
    await response?.body.dump();
    if (response?.statusCode === 200) found[colour] = url;
  }
  return found;
}

function faultEnvironment(parts: ComposeParts, referenceAdmin: Partial<Record<Colour, string>>): FaultEnvironment {
  const proxies = Object.fromEntries(
    COLOURS.flatMap((colour) => {
      const proxy = parts.colours[colour].toxiproxyProxy;
      return proxy ? [[colour, proxy]] : [];
    }),
  );
  const containers = Object.fromEntries(
    COLOURS.flatMap((colour) => {
      const first = parts.colours[colour].containers[0];
      return first ? [[colour, first.id]] : [];
    }),
  );
  return {
    ...(parts.toxiproxy ? { toxiproxy: { url: parts.toxiproxy.url, proxies } } : {}),
    containers,
    referenceAdmin,
  };
}

function auditedParts(environment: FaultEnvironment, referenceAdmin: Partial<Record<Colour, string>>): AuditedPart[] {
  const { toxiproxy, containers = {} } = environment;
  return [
    ...(toxiproxy
      ? [
          {
            name: `toxiproxy at ${toxiproxy.url}`,
            audit: () =>
              auditToxiproxy(
                toxiproxy.url,
                Object.values(toxiproxy.proxies).filter((p): p is string => p !== undefined),
              ),
          },
        ]
      : []),
    {
      name: 'the project containers',
      audit: async () =>
        auditContainers(await connectDocker('auditing the compose project'), containers as Record<string, string>),
    },
    ...COLOURS.flatMap((colour) => {
      const admin = referenceAdmin[colour];
      return admin ? [referenceVramPart(colour, admin)] : [];
    }),
  ];
}

function banner(
  project: RunningComposeProject,
  target: ComposeTarget,
  controller: ProjectController | undefined,
): string[] {
  const { parts } = project;
  const lifecycle = project.broughtUp
    ? target.keep
      ? 'brought up, left up after the run (keep)'
      : 'brought up, taken down after the run'
    : 'already up, left as it is';
  const headers = describeHeaders(target.headers);
  return [
    `compose     project ${project.project} (${project.files.join(', ')}): ${lifecycle}`,
    `router      ${parts.router.url}  (service ${parts.router.service}; ${controller ? `greenlight's reference controller ${controller.server.url}` : target.controller === 'user' ? "the project's own controller" : 'controller OFF'})`,
    `observer    ${describeRouterObserver(parts.router.observer)}`,
    ...COLOURS.map(
      (colour) =>
        `${colour.padEnd(12)}${parts.colours[colour].url}  (service ${parts.colours[colour].service}${parts.colours[colour].toxiproxyProxy ? `, proxy ${parts.colours[colour].toxiproxyProxy}` : ''})`,
    ),
    ...(parts.toxiproxy ? [`toxiproxy   ${parts.toxiproxy.url}  (service ${parts.toxiproxy.service})`] : []),
    ...(parts.prometheus ? [`prometheus  ${parts.prometheus.url}  (service ${parts.prometheus.service})`] : []),
    ...(headers ? [`headers     ${headers}`] : []),
  ];
}
