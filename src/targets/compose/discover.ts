import type Docker from 'dockerode';
import { InputError } from '../../errors.js';
import type { RouterObserverConfig } from '../../experiment/router-observer-schema.js';
import { COLOURS, type Colour } from '../../shared/colour.js';

export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';

/** The labels a compose file puts on its services so greenlight finds them (docs/targets.md). */
export const LABELS = {
  colour: 'greenlight.colour',
  role: 'greenlight.role',
  url: 'greenlight.url',
  /** Which published container port is the URL, when a service publishes several. */
  port: 'greenlight.port',
  /** Path that answers once the service is ready (default per role). */
  readyPath: 'greenlight.ready-path',
  toxiproxyProxy: 'greenlight.toxiproxy.proxy',
  haproxyRuntimeApi: 'greenlight.haproxy.runtime-api',
  haproxyBackend: 'greenlight.haproxy.backend',
  /** `blue=<server>,green=<server>`; default: servers named blue and green. */
  haproxyServers: 'greenlight.haproxy.servers',
} as const;

export type ComposeRole = 'router' | 'toxiproxy' | 'prometheus';

/** One service of a running compose project, as the Docker Engine shows its containers. */
export interface ComposePart {
  service: string;
  url: string;
  /** Path whose answer says the service is ready. */
  readyPath: string;
  containers: { id: string; name: string }[];
}

/** What greenlight needs of a compose project: blue, green, the router, and Toxiproxy and Prometheus if there. */
export interface ComposeParts {
  project: string;
  colours: Record<Colour, ComposePart & { toxiproxyProxy?: string }>;
  router: ComposePart & { observer: RouterObserverConfig };
  toxiproxy?: ComposePart;
  prometheus?: ComposePart;
}

const READY_PATHS: Record<Colour | ComposeRole, string> = {
  blue: '/v1/models',
  green: '/v1/models',
  router: '/v1/models',
  toxiproxy: '/version',
  prometheus: '/-/ready',
};

/**
 * Finds blue, green, the router, Toxiproxy and Prometheus among the containers of a compose
 * project (label com.docker.compose.project): each by its `greenlight.colour` or `greenlight.role`
 * label, else by the service name (`blue`, `green`, `router`, `toxiproxy`, `prometheus`). Where
 * each answers comes from its `greenlight.url` label, else its published port (on 127.0.0.1 when
 * published on every interface). Blue, green and the router must be there; an InputError names
 * what is missing and how to label it.
 */
export async function discoverComposeParts(docker: Docker, project: string): Promise<ComposeParts> {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`${COMPOSE_PROJECT_LABEL}=${project}`] },
  });
  const services = new Map<string, Docker.ContainerInfo[]>();
  for (const container of containers) {
    const service = container.Labels[COMPOSE_SERVICE_LABEL] ?? container.Names[0] ?? container.Id;
    services.set(service, [...(services.get(service) ?? []), container]);
  }
  const find = (label: string, value: string): [string, Docker.ContainerInfo[]] | undefined => {
    const labelled = [...services].filter(([, list]) => list.some((c) => c.Labels[label] === value));
    if (labelled.length > 1)
      throw new InputError(
        `compose project "${project}": services ${labelled.map(([name]) => name).join(' and ')} both carry ${label}=${value}`,
      );
    const named = services.get(value);
    return labelled[0] ?? (named ? [value, named] : undefined);
  };
  const part = (label: string, value: Colour | ComposeRole): ComposePart | undefined => {
    const found = find(label, value);
    return found ? describePart(project, found[0], found[1], READY_PATHS[value]) : undefined;
  };
  const required = (label: string, value: Colour | ComposeRole): ComposePart => {
    const found = part(label, value);
    if (found) return found;
    const seen = services.size === 0 ? 'it has no containers' : `its services: ${[...services.keys()].join(', ')}`;
    throw new InputError(
      `compose project "${project}" has no ${value}: name a service "${value}" or label it ${label}=${value} (${seen})`,
    );
  };

  const colours = {} as ComposeParts['colours'];
  for (const colour of COLOURS) {
    const found = required(LABELS.colour, colour);
    const proxy = labelOf(services.get(found.service) ?? [], LABELS.toxiproxyProxy);
    colours[colour] = { ...found, ...(proxy ? { toxiproxyProxy: proxy } : {}) };
  }
  const router = required(LABELS.role, 'router');
  const toxiproxy = part(LABELS.role, 'toxiproxy');
  const prometheus = part(LABELS.role, 'prometheus');
  return {
    project,
    colours,
    router: { ...router, observer: routerObserver(project, router.service, services.get(router.service) ?? []) },
    ...(toxiproxy ? { toxiproxy } : {}),
    ...(prometheus ? { prometheus } : {}),
  };
}

function describePart(
  project: string,
  service: string,
  containers: readonly Docker.ContainerInfo[],
  defaultReadyPath: string,
): ComposePart {
  return {
    service,
    url: urlOf(project, service, containers),
    readyPath: labelOf(containers, LABELS.readyPath) ?? defaultReadyPath,
    containers: containers.map((container) => ({
      id: container.Id,
      name: (container.Names[0] ?? container.Id).replace(/^\//, ''),
    })),
  };
}

function urlOf(project: string, service: string, containers: readonly Docker.ContainerInfo[]): string {
  const labelled = labelOf(containers, LABELS.url);
  if (labelled) return labelled.replace(/\/+$/, '');
  const wanted = labelOf(containers, LABELS.port);
  const published = containers
    .flatMap((container) => container.Ports)
    .filter((port) => port.PublicPort !== undefined && port.Type === 'tcp')
    .filter((port) => wanted === undefined || String(port.PrivatePort) === wanted);
  const ports = [...new Map(published.map((port) => [port.PublicPort, port])).values()];
  const where = `compose project "${project}", service "${service}"`;
  if (ports.length === 1 && ports[0]) {
    const ip = ports[0].IP === undefined || ports[0].IP === '' || ports[0].IP === '0.0.0.0' || ports[0].IP === '::';
    return `http://${ip ? '127.0.0.1' : hostOf(ports[0].IP)}:${ports[0].PublicPort}`;
  }
  if (ports.length > 1)
    throw new InputError(`${where} publishes several ports: say which with the label ${LABELS.port}=<container port>`);
  throw new InputError(
    `${where}: no ${LABELS.url} label and no published port, so greenlight cannot tell where it answers; add the label, e.g. ${LABELS.url}: http://127.0.0.1:8080`,
  );
}

function routerObserver(
  project: string,
  service: string,
  containers: readonly Docker.ContainerInfo[],
): RouterObserverConfig {
  const runtimeApi = labelOf(containers, LABELS.haproxyRuntimeApi);
  if (!runtimeApi) return { kind: 'response-header' };
  const backend = labelOf(containers, LABELS.haproxyBackend);
  if (!backend)
    throw new InputError(
      `compose project "${project}", service "${service}": ${LABELS.haproxyRuntimeApi} needs ${LABELS.haproxyBackend} (the backend whose servers are blue and green)`,
    );
  return { kind: 'haproxy', runtimeApi, backend, servers: haproxyServers(project, service, containers) };
}

function haproxyServers(
  project: string,
  service: string,
  containers: readonly Docker.ContainerInfo[],
): Record<Colour, string> {
  const text = labelOf(containers, LABELS.haproxyServers);
  if (text === undefined) return { blue: 'blue', green: 'green' };
  const pairs = Object.fromEntries(text.split(',').map((pair) => pair.split('=').map((part) => part.trim())));
  const { blue, green } = pairs as Partial<Record<string, string>>;
  if (!blue || !green)
    throw new InputError(
      `compose project "${project}", service "${service}": ${LABELS.haproxyServers} is "${text}", expected blue=<server>,green=<server>`,
    );
  return { blue, green };
}

function labelOf(containers: readonly Docker.ContainerInfo[], label: string): string | undefined {
  for (const container of containers) {
    const value = container.Labels[label];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

function hostOf(ip: string): string {
  return ip.includes(':') ? `[${ip}]` : ip;
}
