import type { ControllerRule } from '../../reference/router/options.js';
import type { Colour } from '../../shared/colour.js';
import { startChild, type ChildServer } from '../embedded/child.js';
import type { LeasedResource } from '../stack-lease.js';
import { readHaproxyWeights, restoreHaproxyWeights } from './weights.js';

export interface HaproxyControllerStart {
  /** The runtime API: a unix socket path or host:port. */
  runtimeApi: string;
  backend: string;
  /** The backend's server that is each colour; default: servers named blue and green. */
  servers?: Record<Colour, string>;
  rules: readonly ControllerRule[];
  intervalMs: number;
  /** A staged promotion of green to follow (the controller runs it too). */
  canary?: { stages: number[]; everyMs: number } | undefined;
}

/**
 * greenlight's reference rollback controller (`greenlight reference controller`, a child process
 * that exits with greenlight) driving an HAProxy through its runtime API: the embedded HAProxy
 * stack's, or the one in a user's compose project or stack.
 */
export function startHaproxyController(options: HaproxyControllerStart): Promise<ChildServer> {
  return startChild('reference controller (HAProxy)', [
    'reference',
    'controller',
    '--haproxy-socket',
    options.runtimeApi,
    '--backend',
    options.backend,
    ...(options.servers ? ['--blue-server', options.servers.blue, '--green-server', options.servers.green] : []),
    '--rules-json',
    JSON.stringify(options.rules),
    '--interval',
    String(Math.round(options.intervalMs)),
    ...(options.canary ? ['--canary-json', JSON.stringify(options.canary)] : []),
  ]);
}

/** greenlight's reference controller on an HAProxy that is the user's: it leaves the weights as it found them. */
export interface ControllerOnUserHaproxy {
  server: ChildServer;
  /** The weights it found, for the stack lease: `greenlight cleanup` sets them back after a kill. */
  lease: Extract<LeasedResource, { kind: 'haproxy-weights' }>;
  /** Stops the controller, then sets the weights back. */
  stop(): Promise<void>;
}

/**
 * Starts the reference controller on a user's HAProxy after reading the weights it is about to
 * change (exit 3 when the runtime API does not answer or the backend lacks a server).
 */
export async function startControllerOnUserHaproxy(options: HaproxyControllerStart): Promise<ControllerOnUserHaproxy> {
  const servers = options.servers ?? { blue: 'blue', green: 'green' };
  const before = await readHaproxyWeights(options.runtimeApi, options.backend, [servers.blue, servers.green]);
  const server = await startHaproxyController(options);
  return {
    server,
    lease: { kind: 'haproxy-weights', ...before },
    async stop() {
      await server.stop();
      await restoreHaproxyWeights(before);
    },
  };
}
