import { EnvironmentError, errorMessage } from '../../errors.js';
import {
  haproxyCommand,
  parseHaproxySocket,
  parseServersState,
  setServerWeight,
  type ServerState,
} from '../../shared/haproxy/runtime-api.js';

/** The weights (as set: srv_uweight) of some servers of an HAProxy backend, by server name. */
export interface HaproxyWeights {
  /** The runtime API: a unix socket path or host:port. */
  runtimeApi: string;
  backend: string;
  weights: Record<string, number>;
}

/**
 * Reads the weights greenlight's reference controller is about to change, so they can be set
 * back after the run (exit 3 naming the runtime API when it does not answer, or the server
 * when the backend has none of that name).
 */
export async function readHaproxyWeights(
  runtimeApi: string,
  backend: string,
  servers: readonly string[],
): Promise<HaproxyWeights> {
  let answer: string;
  try {
    answer = await haproxyCommand(parseHaproxySocket(runtimeApi), `show servers state ${backend}`);
  } catch (error) {
    throw new EnvironmentError(`HAProxy's runtime API at ${runtimeApi} does not answer: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  let states: ServerState[];
  try {
    states = parseServersState(answer).filter((state) => state.backend === backend);
  } catch (error) {
    throw new EnvironmentError(`HAProxy at ${runtimeApi}, backend "${backend}": ${errorMessage(error)}`, {
      cause: error,
    });
  }
  const weights: Record<string, number> = {};
  for (const server of servers) {
    const state = states.find((candidate) => candidate.server === server);
    if (!state) throw new EnvironmentError(`HAProxy at ${runtimeApi}: backend "${backend}" has no server "${server}"`);
    weights[server] = state.weight;
  }
  return { runtimeApi, backend, weights };
}

/** Sets the weights back, the heaviest first so the backend never has every server at weight 0. */
export async function restoreHaproxyWeights(saved: HaproxyWeights): Promise<void> {
  const socket = parseHaproxySocket(saved.runtimeApi);
  const heaviestFirst = Object.entries(saved.weights).sort(([, a], [, b]) => b - a);
  for (const [server, weight] of heaviestFirst) await setServerWeight(socket, saved.backend, server, weight);
}

export function describeHaproxyWeights(saved: HaproxyWeights): string {
  const servers = Object.entries(saved.weights)
    .map(([server, weight]) => `${server} ${weight}`)
    .join(', ');
  return `the weights of HAProxy backend ${saved.backend} at ${saved.runtimeApi} (${servers})`;
}
