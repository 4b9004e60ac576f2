import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchema } from '../../../src/experiment/load-schema.js';
import { faultSchema } from '../../../src/experiment/faults-schema.js';
import { mergeEncoded, percentileMs } from '../../../src/journal/histogram.js';
import { NativeEngine } from '../../../src/load/engines/native/index.js';
import type { RunningServer } from '../../../src/reference/server.js';
import { startReferenceService } from '../../../src/reference/service/index.js';
import { ToxiproxyDriver } from '../../../src/faults/toxiproxy/driver.js';
import type { NetworkFault } from '../../../src/faults/toxiproxy/network-faults.js';
import { ensureProxy } from '../../../src/faults/toxiproxy/proxies.js';
import { startEmbeddedToxiproxy, type EmbeddedToxiproxy } from '../../../src/faults/toxiproxy/server/index.js';
import { MemoryJournal } from '../../load/helpers/journal.js';

/**
 * Acceptance: a streaming chat through a downstream latency toxic of L ms shows its TTFT grown
 * by L (within 10 %). Like is compared with like: the same reference service, the same proxy,
 * the same native-engine load, once without and once with the toxic; medians, not single requests.
 */
const L = 500;
let service: RunningServer;
let toxiproxy: EmbeddedToxiproxy;
let proxied: string;

beforeAll(async () => {
  service = await startReferenceService({ colour: 'green' });
  toxiproxy = await startEmbeddedToxiproxy({ seed: 1 });
  proxied = await ensureProxy(toxiproxy.url, {
    name: 'greenlight-green',
    listen: '127.0.0.1:0',
    upstream: new URL(service.url).host,
  });
});
afterAll(async () => {
  await toxiproxy.close();
  await service.close();
});

async function medianTtftMs(): Promise<number> {
  const journal = new MemoryJournal();
  const load = loadSchema.parse({
    profile: { kind: 'constant', rate: 8 },
    workload: { mix: [{ request: { kind: 'chat', stream: true, promptTokens: 64, maxTokens: 8 } }] },
  });
  await new NativeEngine().run(
    { url: `http://${proxied}`, load, startAt: Date.now() + 100, durationMs: 3000, seed: 1 },
    journal,
    new AbortController().signal,
  );
  expect(journal.outcomes()).toEqual({ '200': 24 });
  const median = percentileMs(mergeEncoded(journal.buckets().map((bucket) => bucket.ttft)), 50);
  if (median === undefined) throw new Error('no TTFT recorded');
  return median;
}

describe('downstream latency toxic and time to first token', () => {
  it(`grows the median TTFT of a streaming chat by L = ${L} ms, within 10 %`, async () => {
    const without = await medianTtftMs();
    const driver = new ToxiproxyDriver();
    const fault = faultSchema.parse({
      name: 'slow',
      kind: 'latency',
      target: 'green',
      at: 0,
      latency: L,
    }) as NetworkFault;
    const lease = await driver.apply(fault, {
      toxiproxy: { url: toxiproxy.url, proxies: { blue: 'greenlight-green', green: 'greenlight-green' } },
    });
    let withToxic: number;
    try {
      withToxic = await medianTtftMs();
    } finally {
      await driver.revert(lease);
    }
    expect(Math.abs(withToxic - without - L)).toBeLessThanOrEqual(0.1 * L);
  });
});
