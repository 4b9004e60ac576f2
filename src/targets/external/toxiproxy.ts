import { randomBytes } from 'node:crypto';
import type { ExternalTarget } from '../../experiment/target-schema.js';
import { auditToxiproxy, ensureProxy, removeProxy, requireProxy } from '../../faults/toxiproxy/proxies.js';
import { COLOURS, type Colour } from '../../shared/colour.js';
import type { LeasedResource } from '../stack-lease.js';

/** The user's Toxiproxy with the proxy in front of each colour: theirs, or made for this run. */
export interface UserToxiproxy {
  url: string;
  proxies: Record<Colour, string>;
  /** The proxies greenlight created (and will remove); never one of the user's. */
  created: LeasedResource[];
  audit(): Promise<string[]>;
  /** Removes the proxies greenlight created. */
  close(): Promise<void>;
}

/**
 * Checks that each named proxy exists (exit 3 naming it if not), and creates the ones given as
 * listen/upstream under a name unique to this run. Only those are ever removed.
 */
export async function connectUserToxiproxy(spec: NonNullable<ExternalTarget['toxiproxy']>): Promise<UserToxiproxy> {
  const { url } = spec;
  const proxies = {} as Record<Colour, string>;
  const created: LeasedResource[] = [];
  const close = async (): Promise<void> => {
    for (const resource of created.splice(0))
      if (resource.kind === 'toxiproxy-proxy') await removeProxy(url, resource.name);
  };
  try {
    const suffix = randomBytes(4).toString('hex');
    for (const colour of COLOURS) {
      const proxy = spec.proxies[colour];
      if (typeof proxy === 'string') {
        await requireProxy(url, proxy);
        proxies[colour] = proxy;
        continue;
      }
      const name = `greenlight-${colour}-${suffix}`;
      await ensureProxy(url, { name, listen: proxy.listen, upstream: proxy.upstream });
      created.push({ kind: 'toxiproxy-proxy', url, name });
      proxies[colour] = name;
    }
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return { url, proxies, created, audit: () => auditToxiproxy(url, Object.values(proxies)), close };
}
