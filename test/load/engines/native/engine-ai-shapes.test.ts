import { afterEach, describe, expect, it } from 'vitest';
import { mergeEncoded, percentileMs } from '../../../../src/journal/histogram.js';
import { NativeEngine } from '../../../../src/load/engines/native/index.js';
import { profileSchema } from '../../../../src/experiment/load-schema.js';
import { profileShape } from '../../../../src/load/profiles/shape.js';
import { Services } from '../../../reference/service/helpers.js';
import { MemoryJournal } from '../../helpers/journal.js';
import { fastJson, startServer, type TestServer } from '../../helpers/servers.js';
import { planFor } from './plan.js';

const services = new Services();
let server: TestServer | undefined;
afterEach(async () => {
  await services.closeAll();
  await server?.close();
  server = undefined;
});

const run = async (url: string, load: unknown, durationMs: number): Promise<MemoryJournal> => {
  const journal = new MemoryJournal();
  await new NativeEngine().run(planFor(url, load, durationMs), journal, new AbortController().signal);
  return journal;
};

const merged = (journal: MemoryJournal, field: 'ttft' | 'tpot' | 'latency') =>
  mergeEncoded(journal.buckets().map((bucket) => bucket[field] ?? ''));

describe('NativeEngine against the reference service', () => {
  it('measures TTFT as the configured prefill plus the one decode step before the first token', async () => {
    // The scheduler emits the first token at the end of the first decode step after prefill.
    const prefillMs = 300;
    const decodeMsPerToken = 5;
    const service = await services.start({
      prefillBaseMs: prefillMs,
      prefillMsPerToken: 0,
      decodeMsPerToken,
      batchSlowdown: 0,
    });
    const journal = await run(
      service.url,
      {
        profile: { kind: 'constant', rate: 4 },
        workload: { mix: [{ request: { kind: 'chat', promptTokens: 8, maxTokens: 6 } }] },
      },
      2_000,
    );

    expect(journal.outcomes()).toEqual({ '200': 8 });
    const ttftP50 = percentileMs(merged(journal, 'ttft'), 50)!;
    expect(Math.abs(ttftP50 - (prefillMs + decodeMsPerToken)) / (prefillMs + decodeMsPerToken)).toBeLessThan(0.1);
    const tpot = merged(journal, 'tpot');
    expect(tpot.totalCount).toBe(8);
    expect(percentileMs(tpot, 50)!).toBeLessThan(ttftP50);
    expect(journal.buckets().reduce((sum, bucket) => sum + (bucket.outputTokensFromUsage ?? 0), 0)).toBe(8);
  });

  it('sends streamed completions and embeddings, and counts their tokens', async () => {
    const service = await services.start();
    const journal = await run(
      service.url,
      {
        profile: { kind: 'constant', rate: 40 },
        workload: {
          mix: [
            { weight: 1, request: { kind: 'completions', promptTokens: 12, maxTokens: 5 } },
            { weight: 1, request: { kind: 'embeddings', promptTokens: 20 } },
          ],
        },
      },
      1_000,
    );

    expect(journal.outcomes()).toEqual({ '200': 40 });
    const streamed = merged(journal, 'ttft').totalCount;
    expect(streamed).toBeGreaterThan(5);
    expect(streamed).toBeLessThan(35);
    // Completions: 5 output tokens each; embeddings: none. Prompts: 12 and 20 words.
    expect(journal.total('outputTokens')).toBe(5 * streamed);
    expect(journal.total('inputTokens')).toBe(12 * streamed + 20 * (40 - streamed));
  });
});

describe('NativeEngine closed model', () => {
  it('holds exactly N requests in flight for the duration, dropping nothing', async () => {
    let inFlight = 0;
    let most = 0;
    server = await startServer((request, response, body) => {
      if (request.method === 'GET') return fastJson('blue')(request, response, body);
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        fastJson('blue')(request, response, body);
      }, 100);
    });
    const engine = new NativeEngine();
    const journal = new MemoryJournal();
    const plan = planFor(
      server.url,
      { concurrency: 5, workload: { mix: [{ request: { kind: 'chat', stream: false } }] } },
      1_500,
    );
    const running = engine.run(plan, journal, new AbortController().signal);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(engine.progress().inFlight).toBe(5);
    await running;

    expect(most).toBe(5);
    const requests = journal.total('requests');
    // 5 workers × ~100 ms per request × 1.5 s, less what a loaded machine costs.
    expect(requests).toBeGreaterThan(40);
    expect(requests).toBeLessThanOrEqual(5 * 16);
    expect(journal.total('dropped')).toBe(0);
    expect(journal.targets()).toEqual([]);
  });
});

describe('NativeEngine with a sine profile', () => {
  it('follows rate(t) within 2 % in every 5-second window', async () => {
    server = await startServer(fastJson('blue'));
    const sine = { kind: 'sine', baseRate: 150, amplitude: 100, period: '10s' } as const;
    const journal = await run(
      server.url,
      { profile: sine, workload: { mix: [{ request: { kind: 'chat', stream: false } }] } },
      20_000,
    );

    const shape = profileShape(profileSchema.parse(sine));
    const startAt = journal.events.find((event) => event.type === 'load.target')!.t;
    expect(journal.total('dropped')).toBe(0);
    for (let window = 0; window < 4; window++) {
      const from = startAt + window * 5_000;
      const requests = journal
        .buckets()
        .filter((bucket) => bucket.t >= from && bucket.t < from + 5_000)
        .reduce((sum, bucket) => sum + bucket.requests, 0);
      const planned = shape.cumulative((window + 1) * 5_000) - shape.cumulative(window * 5_000);
      expect(Math.abs(requests - planned) / planned).toBeLessThan(0.02);
    }
  }, 40_000);
});
