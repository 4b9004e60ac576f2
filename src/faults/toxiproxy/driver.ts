import { EnvironmentError, InputError } from '../../errors.js';
import type { FaultDriver, FaultEnvironment, FaultLease, RevertOutcome } from '../driver.js';
import { refusesConnections } from '../../util/refuses-connections.js';
import { failedStatus, toxiproxyClient, toxiproxyFailure } from './client.js';
import {
  describeNetworkFault,
  NETWORK_FAULT_KINDS,
  toxicBody,
  type NetworkFault,
  type ToxicFault,
} from './network-faults.js';
import { TOXIC_PREFIX } from './proxies.js';

/**
 * Network faults through Toxiproxy (the real one or the embedded one) on the proxy in front of
 * a colour: one toxic per fault, named `greenlight-<fault>`, or for an outage the proxy disabled.
 * Its leases hold the URL, so `greenlight cleanup` can revert them from another process.
 */
export class ToxiproxyDriver implements FaultDriver<NetworkFault> {
  readonly kinds = NETWORK_FAULT_KINDS;

  describe(fault: NetworkFault): string {
    return describeNetworkFault(fault);
  }

  async apply(fault: NetworkFault, environment: FaultEnvironment): Promise<FaultLease> {
    const url = environment.toxiproxy?.url;
    const proxy = environment.toxiproxy?.proxies[fault.target];
    if (url === undefined || proxy === undefined) {
      throw new EnvironmentError(
        `fault "${fault.name}": the target has no Toxiproxy proxy in front of ${fault.target} to apply a ${fault.kind} fault with`,
      );
    }
    const lease = { name: fault.name, kind: fault.kind, target: fault.target };
    if (fault.kind === 'outage') {
      const wasEnabled = await setProxyEnabled(
        url,
        proxy,
        false,
        `disabling proxy "${proxy}" for outage "${fault.name}"`,
      );
      return { ...lease, revert: { url, proxy, enabled: wasEnabled ? 1 : 0 } };
    }
    const toxic = `${TOXIC_PREFIX}${fault.name}`;
    const { base, client } = toxiproxyClient(url);
    try {
      await client.getApi().post(`${base}/proxies/${encodeURIComponent(proxy)}/toxics`, {
        name: toxic,
        stream: fault.direction,
        toxicity: fault.toxicity,
        ...toxicBody(fault),
      });
    } catch (error) {
      throw toxiproxyFailure(url, `adding ${fault.kind} toxic "${toxic}" to proxy "${proxy}"`, error, {
        404: `no proxy "${proxy}"`,
        409: 'a toxic of that name is already there, left over from an earlier run? (`greenlight cleanup` removes it)',
      });
    }
    return { ...lease, revert: { url, proxy, toxic } };
  }

  /** A ramp step: the toxic's attributes change on the connections it already acts on. */
  async update(lease: FaultLease, fault: NetworkFault): Promise<FaultLease> {
    if (fault.kind === 'outage') return lease;
    const { url, proxy, toxic } = toxicLease(lease);
    const { base, client } = toxiproxyClient(url);
    try {
      await client.getApi().post(`${base}/proxies/${encodeURIComponent(proxy)}/toxics/${encodeURIComponent(toxic)}`, {
        toxicity: fault.toxicity,
        attributes: toxicBody(fault as ToxicFault).attributes,
      });
    } catch (error) {
      throw toxiproxyFailure(url, `updating toxic "${toxic}" on proxy "${proxy}"`, error);
    }
    return lease;
  }

  /** Removing a toxic (or proxy) that is not there counts as done; an outage puts the proxy back as it was. */
  async revert(lease: FaultLease): Promise<RevertOutcome> {
    try {
      await this.undo(lease);
      return 'reverted';
    } catch (error) {
      // Toxiproxy keeps proxies and toxics in memory: a server that refuses connections took them with it.
      if (typeof lease.revert.url === 'string' && (await refusesConnections(lease.revert.url))) return 'gone';
      throw error;
    }
  }

  private async undo(lease: FaultLease): Promise<void> {
    if (lease.kind === 'outage') {
      const { url, proxy, enabled } = lease.revert;
      if (typeof url !== 'string' || typeof proxy !== 'string') throw unrevertable(lease, 'url and proxy');
      if (enabled !== 0)
        await setProxyEnabled(url, proxy, true, `re-enabling proxy "${proxy}" after outage "${lease.name}"`);
      return;
    }
    const { url, proxy, toxic } = toxicLease(lease);
    const { client, base } = toxiproxyClient(url);
    try {
      await client.getApi().delete(`${base}/proxies/${encodeURIComponent(proxy)}/toxics/${encodeURIComponent(toxic)}`);
    } catch (error) {
      if (failedStatus(error) !== 404)
        throw toxiproxyFailure(url, `removing toxic "${toxic}" from proxy "${proxy}"`, error);
    }
  }
}

function toxicLease(lease: FaultLease): { url: string; proxy: string; toxic: string } {
  const { url, proxy, toxic } = lease.revert;
  if (typeof url !== 'string' || typeof proxy !== 'string' || typeof toxic !== 'string') {
    throw unrevertable(lease, 'url, proxy and toxic');
  }
  return { url, proxy, toxic };
}

function unrevertable(lease: FaultLease, what: string): InputError {
  return new InputError(`lease of fault "${lease.name}": no Toxiproxy ${what} to revert it with`);
}

/**
 * Sets the proxy's `enabled` and says whether it was enabled before. A proxy that is gone needs
 * no re-enabling, so a 404 while enabling counts as done.
 */
async function setProxyEnabled(url: string, proxy: string, enabled: boolean, doing: string): Promise<boolean> {
  const { client } = toxiproxyClient(url);
  try {
    const current = await client.get(proxy);
    if (current.enabled !== enabled)
      await current.update({ enabled, listen: current.listen, upstream: current.upstream });
    return current.enabled;
  } catch (error) {
    if (enabled && failedStatus(error) === 404) return false;
    throw toxiproxyFailure(url, doing, error, { 404: `no proxy "${proxy}"` });
  }
}
