import type { Proxy as ToxiproxyProxy, Toxiproxy } from 'toxiproxy-node-client';
import { z } from 'zod';
import { EnvironmentError } from '../../errors.js';
import { failedStatus, toxiproxyClient, toxiproxyFailure } from './client.js';

/** Every toxic greenlight adds is named with this prefix, so the cleanup audit can find leftovers. */
export const TOXIC_PREFIX = 'greenlight-';

const proxyListingSchema = z.record(
  z.string(),
  z.object({ enabled: z.boolean(), toxics: z.array(z.object({ name: z.string() })) }),
);

/**
 * What greenlight left behind on a Toxiproxy, for the post-run cleanup audit: its toxics
 * ("toxic proxy/name") and its disabled proxies (an outage not reverted, "proxy name disabled"),
 * on the proxies named in `ownProxies`, or on every proxy when it is left out.
 */
export async function auditToxiproxy(url: string, ownProxies?: readonly string[]): Promise<string[]> {
  const { client, base } = toxiproxyClient(url);
  let listing: unknown;
  try {
    listing = (await client.getApi().get<unknown>(`${base}/proxies`)).data;
  } catch (error) {
    throw toxiproxyFailure(url, 'listing proxies', error);
  }
  const parsed = proxyListingSchema.safeParse(listing);
  if (!parsed.success) throw new EnvironmentError(`Toxiproxy at ${url}: GET /proxies did not answer a proxy listing`);
  const entries = Object.entries(parsed.data).filter(([proxy]) => ownProxies?.includes(proxy) ?? true);
  const toxics = entries.flatMap(([proxy, { toxics }]) =>
    toxics.filter((toxic) => toxic.name.startsWith(TOXIC_PREFIX)).map((toxic) => `toxic ${proxy}/${toxic.name}`),
  );
  const disabled = entries.filter(([, { enabled }]) => !enabled).map(([proxy]) => `proxy ${proxy} disabled`);
  return [...toxics, ...disabled].sort();
}

/** Toxics greenlight left on any proxy, as "proxy/toxic". */
export async function listGreenlightToxics(url: string): Promise<string[]> {
  const toxicLines = (await auditToxiproxy(url)).filter((line) => line.startsWith('toxic '));
  return toxicLines.map((line) => line.slice('toxic '.length));
}

export interface ProxyWanted {
  name: string;
  /** e.g. "127.0.0.1:0" for any free port */
  listen: string;
  /** host:port of the service behind the proxy */
  upstream: string;
}

/**
 * Makes sure the proxy exists, is enabled and points at `upstream`: creates it, reuses it as it
 * is, or updates it. Returns the address it listens on (with the real port when asked for 0).
 */
export async function ensureProxy(url: string, wanted: ProxyWanted): Promise<string> {
  const { client } = toxiproxyClient(url);
  try {
    const existing = await findProxy(client, wanted.name);
    if (!existing) return (await client.createProxy({ ...wanted, enabled: true })).listen;
    const listen = listenSatisfies(existing.listen, wanted.listen) ? existing.listen : wanted.listen;
    if (existing.enabled && existing.upstream === wanted.upstream && listen === existing.listen) return existing.listen;
    return (await existing.update({ enabled: true, listen, upstream: wanted.upstream })).listen;
  } catch (error) {
    throw toxiproxyFailure(url, `setting up proxy "${wanted.name}" (${wanted.listen} → ${wanted.upstream})`, error);
  }
}

/** Deletes the proxy (and with it its toxics and connections); one that is not there counts as removed. */
export async function removeProxy(url: string, name: string): Promise<void> {
  const { client, base } = toxiproxyClient(url);
  try {
    await client.getApi().delete(`${base}/proxies/${encodeURIComponent(name)}`);
  } catch (error) {
    if (failedStatus(error) !== 404) throw toxiproxyFailure(url, `removing proxy "${name}"`, error);
  }
}

/** Fails with an EnvironmentError naming the proxy when the Toxiproxy at `url` has none of that name. */
export async function requireProxy(url: string, name: string): Promise<void> {
  const { client } = toxiproxyClient(url);
  let found: ToxiproxyProxy | undefined;
  try {
    found = await findProxy(client, name);
  } catch (error) {
    throw toxiproxyFailure(url, `looking up proxy "${name}"`, error);
  }
  if (!found) throw new EnvironmentError(`Toxiproxy at ${url} has no proxy "${name}"`);
}

async function findProxy(client: Toxiproxy, name: string): Promise<ToxiproxyProxy | undefined> {
  try {
    return await client.get(name);
  } catch (error) {
    if (failedStatus(error) === 404) return undefined;
    throw error;
  }
}

/** A bound "127.0.0.1:43123" satisfies a wanted "127.0.0.1:0": port 0 means any port on that host. */
function listenSatisfies(bound: string, wanted: string): boolean {
  const separator = wanted.lastIndexOf(':');
  return bound === wanted || (wanted.slice(separator + 1) === '0' && bound.startsWith(wanted.slice(0, separator + 1)));
}
