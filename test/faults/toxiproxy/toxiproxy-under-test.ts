import { startEmbeddedToxiproxy } from '../../../src/faults/toxiproxy/server/index.js';

/**
 * The one seam between these tests and the server they check: the embedded Toxiproxy here.
 * Return a real Toxiproxy's URL instead (and a close that deletes its proxies) to run the
 * same assertions against it; only embedded-only.test.ts relies on the embedded server.
 */
export async function startToxiproxyUnderTest(seed = 1): Promise<{ url: string; close(): Promise<void> }> {
  return startEmbeddedToxiproxy({ seed });
}
