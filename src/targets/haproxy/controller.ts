import type { ControllerRule } from '../../reference/router/options.js';
import type { Colour } from '../../shared/colour.js';
import { startChild, type ChildServer } from '../embedded/child.js';

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
