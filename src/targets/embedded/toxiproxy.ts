import { randomBytes } from 'node:crypto';
import { auditToxiproxy, ensureProxy, removeProxy } from '../../faults/toxiproxy/proxies.js';
import { startEmbeddedToxiproxy } from '../../faults/toxiproxy/server/index.js';
import { COLOURS, type Colour } from '../../shared/colour.js';
import type { LeasedResource } from '../stack-lease.js';

export interface StackToxiproxy {
  url: string;
  /** The proxy in front of each colour: its name and the address it listens on. */
  proxies: Record<Colour, { name: string; listen: string }>;
  /** One line for the run's start banner. */
  part: string;
  /** The proxies this stack created on an external Toxiproxy (none on the embedded one, which dies with the run). */
  resources: LeasedResource[];
  /** What greenlight left on this Toxiproxy: its toxics on these proxies, and these proxies disabled. */
  audit(): Promise<string[]>;
  /** Stops the embedded server, or removes this stack's proxies (and their toxics) from an external one. */
  close(): Promise<void>;
}

/**
 * The Toxiproxy in front of blue and green: the embedded server, started in-process, or an
 * external Toxiproxy at `externalUrl`, on which the proxies get names unique to this stack
 * (runs may share one server) and are removed again when the stack closes.
 */
export async function startStackToxiproxy(
  upstreams: Record<Colour, string>,
  options: { seed: number; externalUrl: string | undefined },
): Promise<StackToxiproxy> {
  const external = options.externalUrl;
  const embedded = external === undefined ? await startEmbeddedToxiproxy({ port: 0, seed: options.seed }) : undefined;
  const url = external ?? embedded!.url;
  const suffix = external === undefined ? '' : `-${randomBytes(4).toString('hex')}`;
  const proxies = {} as Record<Colour, { name: string; listen: string }>;
  const close = async (): Promise<void> => {
    if (embedded) return embedded.close();
    for (const { name } of Object.values(proxies)) await removeProxy(url, name);
  };
  try {
    for (const colour of COLOURS) {
      const name = `greenlight-${colour}${suffix}`;
      proxies[colour] = { name, listen: '' };
      proxies[colour].listen = await ensureProxy(url, { name, listen: '127.0.0.1:0', upstream: upstreams[colour] });
    }
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  const names = COLOURS.map((colour) => proxies[colour].name);
  return {
    url,
    proxies,
    part: `toxiproxy   ${url}  (${embedded ? 'embedded' : 'external'})`,
    resources: embedded ? [] : names.map((name) => ({ kind: 'toxiproxy-proxy' as const, url, name })),
    audit: () => auditToxiproxy(url, names),
    close,
  };
}

/** The external Toxiproxy to use: the target's `toxiproxy.url`, else TOXIPROXY_URL; none means the embedded one. */
export function externalToxiproxyUrl(configured: string | undefined): string | undefined {
  const url = configured ?? process.env.TOXIPROXY_URL;
  return url === undefined || url.trim() === '' ? undefined : url.trim();
}
