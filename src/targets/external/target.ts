import { everyStep } from '../../util/every-step.js';
import { EnvironmentError, errorMessage } from '../../errors.js';
import type { RollbackRule } from '../../experiment/schema.js';
import type { ExternalTarget } from '../../experiment/target-schema.js';
import { auditContainers } from '../../faults/docker/audit.js';
import type { FaultEnvironment } from '../../faults/driver.js';
import type { Canary } from '../../shared/canary.js';
import { COLOURS, type Colour } from '../../shared/colour.js';
import { auditParts, referenceVramPart, type AuditedPart } from '../audit.js';
import { canaryOptions, controllerRules } from '../controller-rules.js';
import { startControllerOnUserHaproxy, type ControllerOnUserHaproxy } from '../haproxy/controller.js';
import { describeHeaders, resolveHeaders } from '../headers.js';
import { createRouterObserver, describeRouterObserver } from '../routers/create.js';
import { StackLeaseFile } from '../stack-lease.js';
import type { RunningTarget, TargetOptions } from '../target.js';
import { findUserContainers, type UserContainers } from './containers.js';
import { connectUserToxiproxy, type UserToxiproxy } from './toxiproxy.js';
import type { KnownRouter } from '../router-cost/assess.js';

export interface ExternalTargetOptions extends TargetOptions {
  rollbackRules: readonly RollbackRule[];
  canary?: Canary | undefined;
}

/**
 * The user's own blue, green and router: greenlight starts none of them. It connects to what the
 * target declares — proxies on their Toxiproxy (creating only those given as listen/upstream),
 * their containers, reference admin APIs — and, when asked, runs its reference controller against
 * their HAProxy. close() undoes only what greenlight itself created.
 */
export async function startExternalTarget(
  target: ExternalTarget,
  options: ExternalTargetOptions,
): Promise<RunningTarget> {
  const headers = resolveHeaders(target.headers, 'target.headers');
  const observer = createRouterObserver(target.router.observer, 'target.router.observer');
  let toxiproxy: UserToxiproxy | undefined;
  let controller: ControllerOnUserHaproxy | undefined;
  const lease = new StackLeaseFile();
  // The lease goes only once everything is undone; until then greenlight cleanup finds it.
  const close = async (): Promise<void> => {
    await everyStep([() => controller?.stop(), () => toxiproxy?.close()]);
    await lease.remove();
  };
  try {
    toxiproxy = target.toxiproxy ? await connectUserToxiproxy(target.toxiproxy) : undefined;
    const containers = await findUserContainers(target.colours);
    controller = await startController(target, options);
    const referenceAdmin = definedPerColour((colour) => target.colours[colour].referenceAdmin);
    return {
      routerUrl: target.router.url,
      colourUrls: definedPerColour((colour) => target.colours[colour].url),
      headers,
      faultEnvironment: faultEnvironment(toxiproxy, containers, referenceAdmin),
      observer,
      parts: banner(target, toxiproxy, containers, controller),
      metricsTargets: [],
      routerCostCheck: knownRouter(target.router.software),
      audit: () => auditParts(auditedParts(toxiproxy, containers, referenceAdmin)),
      recordLease: (runDir) =>
        lease.record(runDir, [...(toxiproxy?.created ?? []), ...(controller ? [controller.lease] : [])]),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** greenlight's reference controller on the user's HAProxy, when the target asks for it and it is not switched off. */
async function startController(
  target: ExternalTarget,
  options: ExternalTargetOptions,
): Promise<ControllerOnUserHaproxy | undefined> {
  const spec = target.router.controller;
  if (spec === 'user' || options.controllerEnabled === false) return undefined;
  return startControllerOnUserHaproxy({
    runtimeApi: spec.runtimeApi,
    backend: spec.backend,
    servers: spec.servers,
    rules: controllerRules(spec.rules, options.rollbackRules),
    intervalMs: spec.interval,
    canary: options.canary && canaryOptions(options.canary),
  }).catch((error: unknown) => {
    throw error instanceof EnvironmentError
      ? new EnvironmentError(`target.router.controller: ${errorMessage(error)}`, { cause: error })
      : error;
  });
}

function faultEnvironment(
  toxiproxy: UserToxiproxy | undefined,
  containers: UserContainers | undefined,
  referenceAdmin: Partial<Record<Colour, string>>,
): FaultEnvironment {
  return {
    ...(toxiproxy ? { toxiproxy: { url: toxiproxy.url, proxies: toxiproxy.proxies } } : {}),
    ...(containers ? { containers: containers.ids } : {}),
    referenceAdmin,
  };
}

function auditedParts(
  toxiproxy: UserToxiproxy | undefined,
  containers: UserContainers | undefined,
  referenceAdmin: Partial<Record<Colour, string>>,
): AuditedPart[] {
  return [
    ...(toxiproxy ? [{ name: `toxiproxy at ${toxiproxy.url}`, audit: () => toxiproxy.audit() }] : []),
    ...(containers
      ? [
          {
            name: 'the declared containers',
            audit: () => auditContainers(containers.docker, definedOnly(containers.ids)),
          },
        ]
      : []),
    ...COLOURS.flatMap((colour) => {
      const admin = referenceAdmin[colour];
      return admin ? [referenceVramPart(colour, admin)] : [];
    }),
  ];
}

function banner(
  target: ExternalTarget,
  toxiproxy: UserToxiproxy | undefined,
  containers: UserContainers | undefined,
  controller: ControllerOnUserHaproxy | undefined,
): string[] {
  const controllerLine =
    target.router.controller === 'user'
      ? "the target's own controller (greenlight only observes)"
      : controller
        ? `greenlight's reference controller on ${target.router.controller.runtimeApi}`
        : 'controller OFF';
  const headers = describeHeaders(target.headers);
  return [
    `router      ${target.router.url}  (${controllerLine})`,
    `observer    ${describeRouterObserver(target.router.observer)}`,
    ...COLOURS.map((colour) => {
      const declared = [
        target.colours[colour].url ?? 'no direct URL',
        ...(containers?.names[colour] ? [`container ${containers.names[colour]}`] : []),
        ...(toxiproxy?.proxies[colour] ? [`proxy ${toxiproxy.proxies[colour]}`] : []),
      ];
      return `${colour.padEnd(12)}${declared.join(', ')}`;
    }),
    ...(toxiproxy ? [`toxiproxy   ${toxiproxy.url}  (the target's)`] : []),
    ...(headers ? [`headers     ${headers}`] : []),
  ];
}

function definedPerColour(value: (colour: Colour) => string | undefined): Partial<Record<Colour, string>> {
  return Object.fromEntries(
    COLOURS.flatMap((colour) => (value(colour) === undefined ? [] : [[colour, value(colour)]])),
  );
}

function definedOnly(record: Partial<Record<Colour, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function knownRouter(software: ExternalTarget['router']['software']): { router?: KnownRouter } {
  return software === 'haproxy' || software === 'nginx' ? { router: software } : {};
}
