import type { ICreateToxicBody, Latency, Proxy as ToxiproxyProxy, Toxiproxy } from 'toxiproxy-node-client';
import { z } from 'zod';
import { EnvironmentError, InputError } from '../../errors.js';
import type { LatencyFault } from '../../experiment/faults-schema.js';
import type { FaultDriver, FaultEnvironment, FaultLease } from '../driver.js';
import { failedStatus, toxiproxyClient, toxiproxyFailure } from './client.js';

/** Every toxic greenlight adds is named with this prefix, so the cleanup audit can find leftovers. */
const TOXIC_PREFIX = 'greenlight-';

/** Network latency through Toxiproxy (the real one or the embedded one): a `latency` toxic on the colour's proxy. */
export class ToxiproxyDriver implements FaultDriver<LatencyFault> {
  readonly kinds = ['latency'] as const;

  describe(fault: LatencyFault): string {
    const jitter = fault.jitter > 0 ? `±${fault.jitter}` : '';
    const share = fault.toxicity < 1 ? ` (${Math.round(fault.toxicity * 100)} % of connections)` : '';
    return `latency +${fault.latency}${jitter} ms ${fault.direction} on ${fault.target}${share}`;
  }

  async apply(fault: LatencyFault, environment: FaultEnvironment): Promise<FaultLease> {
    if (!environment.toxiproxy) {
      throw new EnvironmentError(`fault "${fault.name}": the target has no Toxiproxy to add latency with`);
    }
    const { url, proxies } = environment.toxiproxy;
    const proxyName = proxies[fault.target];
    const toxic: ICreateToxicBody<Latency> = {
      name: `${TOXIC_PREFIX}${fault.name}`,
      type: 'latency',
      stream: fault.direction,
      toxicity: fault.toxicity,
      attributes: { latency: fault.latency, jitter: fault.jitter },
    };
    try {
      const proxy = await toxiproxyClient(url).client.get(proxyName);
      await proxy.addToxic(toxic);
    } catch (error) {
      throw toxiproxyFailure(url, `adding latency toxic "${toxic.name}" to proxy "${proxyName}"`, error, {
        404: `no proxy "${proxyName}"`,
        409: 'a toxic of that name is already there, left over from an earlier run? (`greenlight cleanup` removes it)',
      });
    }
    return {
      name: fault.name,
      kind: fault.kind,
      target: fault.target,
      revert: { url, proxy: proxyName, toxic: toxic.name },
    };
  }

  /** Removing a toxic (or proxy) that is not there counts as done. */
  async revert(lease: FaultLease): Promise<void> {
    const { url, proxy, toxic } = lease.revert;
    if (typeof url !== 'string' || typeof proxy !== 'string' || typeof toxic !== 'string') {
      throw new InputError(`lease of fault "${lease.name}": no Toxiproxy url, proxy and toxic to revert it with`);
    }
    const { client, base } = toxiproxyClient(url);
    try {
      await client.getApi().delete(`${base}/proxies/${encodeURIComponent(proxy)}/toxics/${encodeURIComponent(toxic)}`);
    } catch (error) {
      if (failedStatus(error) !== 404)
        throw toxiproxyFailure(url, `removing toxic "${toxic}" from proxy "${proxy}"`, error);
    }
  }
}

const proxyListingSchema = z.record(z.string(), z.object({ toxics: z.array(z.object({ name: z.string() })) }));

/** Toxics greenlight left on any proxy, as "proxy/toxic", for the post-run cleanup audit. */
export async function listGreenlightToxics(url: string): Promise<string[]> {
  const { client, base } = toxiproxyClient(url);
  let listing: unknown;
  try {
    listing = (await client.getApi().get<unknown>(`${base}/proxies`)).data;
  } catch (error) {
    throw toxiproxyFailure(url, 'listing proxies', error);
  }
  const parsed = proxyListingSchema.safeParse(listing);
  if (!parsed.success) throw new EnvironmentError(`Toxiproxy at ${url}: GET /proxies did not answer a proxy listing`);
  return Object.entries(parsed.data)
    .flatMap(([proxy, { toxics }]) =>
      toxics.filter((toxic) => toxic.name.startsWith(TOXIC_PREFIX)).map((toxic) => `${proxy}/${toxic.name}`),
    )
    .sort();
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
