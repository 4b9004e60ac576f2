import { afterEach, describe, expect, it } from 'vitest';
import { mergeEncoded, percentileMs } from '../../../../src/journal/histogram.js';
import { NativeEngine } from '../../../../src/load/engines/native/index.js';
import { MemoryJournal } from '../../helpers/journal.js';
import { ndjsonStreamer, sseStreamer, startServer, type TestServer } from '../../helpers/servers.js';
import { planFor } from './plan.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function merged(journal: MemoryJournal, field: 'ttft' | 'itl' | 'latency'): ReturnType<typeof mergeEncoded> {
  return mergeEncoded(journal.buckets().map((bucket) => bucket[field]));
}

describe('NativeEngine on streamed responses', () => {
  it('measures TTFT and inter-token gaps of an SSE chat stream', async () => {
    server = await startServer(sseStreamer({ firstTokenMs: 80, tokens: 5, gapMs: 20 }));
    const journal = new MemoryJournal();
    const plan = planFor(
      server.url,
      { profile: { kind: 'constant', rate: 20 }, workload: { mix: [{ request: { kind: 'chat', maxTokens: 5 } }] } },
      1_000,
    );

    await new NativeEngine().run(plan, journal, new AbortController().signal);

    expect(journal.total('requests')).toBe(20);
    expect(journal.outcomes()).toEqual({ '200': 20 });
    expect(journal.buckets().every((bucket) => bucket.colour === 'green')).toBe(true);
    expect(journal.total('outputTokens')).toBe(100);
    expect(journal.total('inputTokens')).toBe(140);
    const ttft = merged(journal, 'ttft');
    expect(ttft.totalCount).toBe(20);
    expect(percentileMs(ttft, 50)).toBeGreaterThanOrEqual(78);
    expect(percentileMs(ttft, 50)).toBeLessThan(300);
    const itl = merged(journal, 'itl');
    expect(itl.totalCount).toBe(80);
    expect(percentileMs(itl, 50)).toBeGreaterThanOrEqual(15);
    expect(percentileMs(itl, 50)).toBeLessThan(150);
    expect(percentileMs(merged(journal, 'latency'), 50)).toBeGreaterThan(percentileMs(ttft, 50)!);
  });

  it('reads Ollama NDJSON streams with the model the experiment names', async () => {
    server = await startServer(ndjsonStreamer({ firstTokenMs: 40, tokens: 4, gapMs: 10 }));
    const journal = new MemoryJournal();
    const plan = planFor(
      server.url,
      {
        profile: { kind: 'constant', rate: 10 },
        workload: { mix: [{ request: { kind: 'ollama-generate', model: 'llama3' } }] },
      },
      1_000,
    );

    await new NativeEngine().run(plan, journal, new AbortController().signal);

    expect(journal.outcomes()).toEqual({ '200': 10 });
    expect(server.bodies.map((body) => body['model'])).toEqual(Array(10).fill('llama3'));
    expect(journal.total('outputTokens')).toBe(40);
    expect(journal.total('inputTokens')).toBe(50);
    expect(percentileMs(merged(journal, 'ttft'), 50)).toBeGreaterThanOrEqual(38);
    expect(journal.buckets().every((bucket) => bucket.colour === 'blue')).toBe(true);
  });

  it.each(['end', 'destroy'] as const)(
    'counts a stream cut off before its terminator (%s) as stream-cut',
    async (cut) => {
      server = await startServer(sseStreamer({ firstTokenMs: 5, tokens: 3, gapMs: 5, cut }));
      const journal = new MemoryJournal();
      const plan = planFor(server.url, { profile: { kind: 'constant', rate: 10 } }, 500);

      await new NativeEngine().run(plan, journal, new AbortController().signal);

      expect(journal.outcomes()).toEqual({ 'stream-cut': 5 });
      expect(journal.total('errors')).toBe(5);
    },
  );
});
