import { describeProfile } from '../experiment/describe-profile.js';
import type { FaultSpec } from '../experiment/faults-schema.js';
import type { Experiment } from '../experiment/schema.js';
import type { ComposeTarget, ExternalTarget, Target } from '../experiment/target-schema.js';
import { createDriverRegistry } from '../faults/registry.js';
import { NETWORK_FAULT_KINDS } from '../faults/toxiproxy/network-faults.js';
import { describeRouterObserver } from '../targets/routers/create.js';
import { composeFiles } from '../targets/compose/target.js';
import { externalToxiproxyUrl } from '../targets/embedded/toxiproxy.js';
import { describeHeaders } from '../targets/headers.js';

/** Everything a run will touch, and what it does there: what `greenlight validate` prints. */
export interface BlastRadius {
  entries: { where: string; what: string }[];
  /** What the experiment would touch that its target does not declare: refused (exit 2). */
  undeclared: string[];
}

type Entry = BlastRadius['entries'][number];

/**
 * The blast radius of an experiment on its target: where the load goes and with which headers,
 * what is only read (preflight, router observer, Prometheus), what is written (a controller's
 * weights), and where each fault lands. A fault on anything the target does not declare is listed
 * in `undeclared`, and the run is refused before anything starts.
 */
export function blastRadius(experiment: Experiment): BlastRadius {
  const { target } = experiment;
  const load: Entry = {
    where: routerWhere(target),
    what: `load: ${experiment.load.profile ? describeProfile(experiment.load.profile) : `${experiment.load.concurrency ?? 0} in flight`}${headersNote(target)}`,
  };
  const placed = experiment.faults.map((fault) => placeFault(fault, target));
  return {
    entries: [
      ...targetEntries(target),
      load,
      ...placed.flatMap((placement) => ('entry' in placement ? [placement.entry] : [])),
      ...prometheusEntries(experiment),
    ],
    undeclared: placed.flatMap((placement) => ('refused' in placement ? [placement.refused] : [])),
  };
}

function targetEntries(target: Target): Entry[] {
  switch (target.kind) {
    case 'embedded':
      return [
        {
          where: '127.0.0.1',
          what: 'starts blue and green reference services, the router and its controller; stops them after the run',
        },
        ...embeddedToxiproxy(target.toxiproxy?.url),
      ];
    case 'containers':
      return [
        {
          where: 'Docker Engine',
          what: `creates blue and green containers of ${target.image} (host network), removes them after the run`,
        },
        ...embeddedToxiproxy(target.toxiproxy?.url),
      ];
    case 'external':
      return externalEntries(target);
    case 'compose':
      return composeEntries(target);
  }
}

function embeddedToxiproxy(configured: string | undefined): Entry[] {
  const url = externalToxiproxyUrl(configured);
  return url ? [{ where: url, what: 'Toxiproxy: creates a proxy per colour, removes them after the run' }] : [];
}

function externalEntries(target: ExternalTarget): Entry[] {
  const { router, colours } = target;
  const controller =
    router.controller === 'user'
      ? []
      : [
          {
            where: router.controller.runtimeApi,
            what: `HAProxy runtime API: greenlight's reference controller sets the weights of backend ${router.controller.backend}`,
          },
        ];
  const direct = (['blue', 'green'] as const).flatMap((colour) => {
    const url = colours[colour].url;
    return url ? [{ where: url, what: `${colour}: preflight (GET /v1/models) and the router-cost probe` }] : [];
  });
  const proxies = target.toxiproxy
    ? [{ where: target.toxiproxy.url, what: `Toxiproxy: toxics on ${describeProxies(target.toxiproxy.proxies)}` }]
    : [];
  return [
    { where: observerWhere(target), what: `router observer, reads only: ${describeRouterObserver(router.observer)}` },
    ...controller,
    ...direct,
    ...proxies,
  ];
}

function composeEntries(target: ComposeTarget): Entry[] {
  const files = composeFiles(target).join(', ');
  return [
    {
      where: 'Docker Engine',
      what: `compose project ${target.project} from ${files}: up -d${target.keep ? ', left up after the run' : ', down -v after the run (only if greenlight brought it up)'}`,
    },
    ...(target.controller === 'reference'
      ? [
          {
            where: 'the router service',
            what: "greenlight's reference controller sets HAProxy's weights through its runtime API",
          },
        ]
      : []),
  ];
}

function prometheusEntries(experiment: Experiment): Entry[] {
  if (!experiment.prometheus) return [];
  const url = experiment.prometheus.url ?? process.env.PROMETHEUS_URL;
  return [
    url
      ? { where: url, what: 'Prometheus: queries only (PromQL SLOs, triggers)' }
      : {
          where: '127.0.0.1',
          what: "greenlight's own Prometheus scraping the target's /metrics, stopped after the run",
        },
  ];
}

/** Where a fault lands, or why the target does not allow it. */
function placeFault(fault: FaultSpec, target: Target): { entry: Entry } | { refused: string } {
  const description = createDriverRegistry().get(fault.kind)?.describe(fault) ?? fault.kind;
  const where = faultWhere(fault, target);
  return where.ok
    ? { entry: { where: where.at, what: `fault "${fault.name}": ${description}` } }
    : { refused: `fault "${fault.name}" (${fault.kind} on ${fault.target}): ${where.why}` };
}

function faultWhere(fault: FaultSpec, target: Target): { ok: true; at: string } | { ok: false; why: string } {
  const kind = fault.kind as string;
  if ((NETWORK_FAULT_KINDS as readonly string[]).includes(kind)) return networkWhere(fault.target, target);
  if (fault.kind === 'gpu-memory-pressure') return gpuWhere(fault, target);
  return containerWhere(fault.target, target);
}

function networkWhere(colour: string, target: Target): { ok: true; at: string } | { ok: false; why: string } {
  if (target.kind !== 'external') return { ok: true, at: `the proxy in front of ${colour}` };
  const proxy = target.toxiproxy?.proxies[colour as 'blue' | 'green'];
  if (!target.toxiproxy || proxy === undefined)
    return { ok: false, why: 'the target declares no Toxiproxy proxy for it (toxiproxy.proxies)' };
  return {
    ok: true,
    at: `${target.toxiproxy.url} proxy ${typeof proxy === 'string' ? proxy : `created for ${colour}`}`,
  };
}

function gpuWhere(
  fault: Extract<FaultSpec, { kind: 'gpu-memory-pressure' }>,
  target: Target,
): { ok: true; at: string } | { ok: false; why: string } {
  if (fault.mode === 'simulated') {
    if (target.kind !== 'external') return { ok: true, at: `${fault.target}'s reference service (simulated VRAM)` };
    const admin = target.colours[fault.target].referenceAdmin;
    return admin
      ? { ok: true, at: `${admin} (simulated VRAM)` }
      : {
          ok: false,
          why: `simulated GPU pressure needs a reference service: declare colours.${fault.target}.referenceAdmin`,
        };
  }
  if (target.kind === 'external') {
    const gpu = target.colours[fault.target].gpu;
    if (gpu?.device !== fault.device) {
      return {
        ok: false,
        why: `the target declares no GPU ${fault.device} for ${fault.target} (colours.${fault.target}.gpu.device)`,
      };
    }
    if (fault.helper === 'sidecar' && !target.colours[fault.target].container) {
      return {
        ok: false,
        why: `a GPU sidecar goes next to ${fault.target}'s container: declare colours.${fault.target}.container`,
      };
    }
  }
  return {
    ok: true,
    at: `GPU ${fault.device} of this host (${fault.helper === 'sidecar' ? 'a sidecar container' : 'a helper process'})`,
  };
}

function containerWhere(selector: string, target: Target): { ok: true; at: string } | { ok: false; why: string } {
  switch (target.kind) {
    case 'embedded':
      return { ok: false, why: 'the embedded target runs no containers (use kind containers, compose or external)' };
    case 'containers':
    case 'compose':
      return selector === 'blue' || selector === 'green'
        ? { ok: true, at: `${selector}'s container` }
        : { ok: false, why: `this target's containers are blue and green; "${selector}" is not one of them` };
    case 'external': {
      const colour = (['blue', 'green'] as const).find(
        (candidate) => candidate === selector || target.colours[candidate].container === selector,
      );
      const declared = colour && target.colours[colour].container;
      return declared
        ? { ok: true, at: `container ${declared} (${colour})` }
        : { ok: false, why: 'the target declares no such container (colours.<colour>.container)' };
    }
  }
}

function routerWhere(target: Target): string {
  switch (target.kind) {
    case 'external':
      return target.router.url;
    case 'compose':
      return `the router service of ${target.project}`;
    default:
      return "greenlight's own router on 127.0.0.1";
  }
}

function observerWhere(target: ExternalTarget): string {
  const observer = target.router.observer;
  switch (observer.kind) {
    case 'haproxy':
      return observer.runtimeApi;
    case 'promql':
      return observer.url ?? '$PROMETHEUS_URL';
    case 'http-json':
    case 'reference':
      return observer.url;
    case 'command':
      return 'this host';
    case 'response-header':
      return target.router.url;
  }
}

function headersNote(target: Target): string {
  const headers = target.kind === 'external' || target.kind === 'compose' ? describeHeaders(target.headers) : '';
  return headers ? `, headers ${headers}` : '';
}

function describeProxies(proxies: NonNullable<ExternalTarget['toxiproxy']>['proxies']): string {
  return (['blue', 'green'] as const)
    .map((colour) => {
      const proxy = proxies[colour];
      return `${colour}: ${typeof proxy === 'string' ? `proxy ${proxy}` : `a proxy greenlight creates (${proxy.listen} → ${proxy.upstream}) and removes`}`;
    })
    .join('; ');
}
