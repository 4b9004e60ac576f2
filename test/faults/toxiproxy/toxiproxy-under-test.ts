import { randomBytes } from 'node:crypto';
import { startEmbeddedToxiproxy } from '../../../src/faults/toxiproxy/server/index.js';

/** Set to run this suite, unchanged, against a real Toxiproxy (`npm run test:toxiproxy` with TOXIPROXY_URL=…). */
export const REAL_TOXIPROXY_URL = process.env.TOXIPROXY_URL?.trim() || undefined;

const RUN_TAG = randomBytes(4).toString('hex');

/**
 * A proxy name unique to this test run, so that the suite can share a real Toxiproxy with
 * whatever else uses it, and close() knows which proxies are its own.
 */
export function proxyName(base: string): string {
  return `${base}-${RUN_TAG}`;
}

/**
 * The one seam between these tests and the server they check: the embedded Toxiproxy, or the
 * real one at TOXIPROXY_URL, whose close() deletes every proxy this run created there. Only
 * embedded-only.test.ts relies on the embedded server.
 */
export async function startToxiproxyUnderTest(seed = 1): Promise<{ url: string; close(): Promise<void> }> {
  if (REAL_TOXIPROXY_URL === undefined) return startEmbeddedToxiproxy({ seed });
  const url = REAL_TOXIPROXY_URL.replace(/\/+$/, '');
  return { url, close: () => removeOwnProxies(url) };
}

async function removeOwnProxies(url: string): Promise<void> {
  const proxies = (await (await fetch(`${url}/proxies`)).json()) as Record<string, unknown>;
  for (const name of Object.keys(proxies).filter((name) => name.endsWith(`-${RUN_TAG}`))) {
    const response = await fetch(`${url}/proxies/${encodeURIComponent(name)}`, { method: 'DELETE' });
    if (response.status !== 204 && response.status !== 404)
      throw new Error(`DELETE /proxies/${name}: HTTP ${response.status}`);
  }
}
