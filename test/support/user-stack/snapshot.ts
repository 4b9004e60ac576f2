import { request } from 'undici';
import { COLOURS, type Colour } from '../../../src/shared/colour.js';
import { haproxyCommand, parseHaproxySocket, parseServersState } from '../../../src/shared/haproxy/runtime-api.js';
import type { UserStack } from './index.js';

/** What a run may change on the user's stack, read straight from its parts (not through greenlight). */
export interface UserStackSnapshot {
  /** Every proxy on the user's Toxiproxy: whether it is enabled and the names of its toxics. */
  proxies: Record<string, { enabled: boolean; toxics: string[] }>;
  /** HAProxy's weight (as set) of each server of the backend. */
  weights: Record<string, number>;
  /** Each colour's simulated VRAM pressure, in MiB. */
  vramPressureMiB: Record<Colour, number>;
}

export async function snapshotUserStack(stack: UserStack): Promise<UserStackSnapshot> {
  return {
    proxies: await userProxies(stack),
    weights: await userHaproxyWeights(stack),
    vramPressureMiB: await userVramPressure(stack),
  };
}

export async function userProxies(stack: UserStack): Promise<UserStackSnapshot['proxies']> {
  const listing = (await getJson(`${stack.toxiproxy.url}/proxies`)) as Record<
    string,
    { enabled: boolean; toxics: { name: string }[] }
  >;
  return Object.fromEntries(
    Object.entries(listing).map(([name, proxy]) => [
      name,
      { enabled: proxy.enabled, toxics: proxy.toxics.map((toxic) => toxic.name) },
    ]),
  );
}

export async function userHaproxyWeights(stack: UserStack): Promise<UserStackSnapshot['weights']> {
  const states = parseServersState(
    await haproxyCommand(parseHaproxySocket(stack.haproxy.runtimeApi), `show servers state ${stack.haproxy.backend}`),
  );
  return Object.fromEntries(states.map((state) => [state.server, state.weight]));
}

/** Read from each colour's admin API: a colour whose container is paused does not answer. */
export async function userVramPressure(stack: UserStack): Promise<UserStackSnapshot['vramPressureMiB']> {
  const pressure = {} as Record<Colour, number>;
  for (const colour of COLOURS) {
    const state = (await getJson(`${stack.colours[colour].url}/admin/state`)) as { vram?: { pressureMiB?: number } };
    pressure[colour] = state.vram?.pressureMiB ?? 0;
  }
  return pressure;
}

async function getJson(url: string): Promise<unknown> {
  const response = await request(url, { headersTimeout: 5000, bodyTimeout: 5000 });
  if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode}`);
  return response.body.json();
}
