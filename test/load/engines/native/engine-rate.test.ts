import { afterEach, describe, expect, it } from 'vitest';
import { decodeHistogram } from '../../../../src/journal/histogram.js';
import { NativeEngine } from '../../../../src/load/engines/native/index.js';
import { MemoryJournal } from '../../helpers/journal.js';
import { fastJson, startServer, type TestServer } from '../../helpers/servers.js';
import { planFor } from './plan.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('NativeEngine at a constant rate', () => {
  it('sends rate × duration requests and writes per-second buckets and targets', async () => {
    server = await startServer(fastJson('blue'));
    const journal = new MemoryJournal();
    const engine = new NativeEngine();
    const plan = planFor(
      server.url,
      { profile: { kind: 'constant', rate: 200 }, workload: { mix: [{ request: { kind: 'chat', stream: false } }] } },
      2_000,
    );

    await engine.run(plan, journal, new AbortController().signal);

    const requests = journal.total('requests');
    expect(Math.abs(requests - 400)).toBeLessThanOrEqual(4);
    expect(server.bodies.filter((body) => body['model'] === 'sim-model')).toHaveLength(requests);
    expect(journal.outcomes()).toEqual({ '200': requests });
    expect(journal.total('dropped')).toBe(0);
    expect(journal.total('outputTokens')).toBe(2 * requests);
    expect(journal.total('inputTokens')).toBe(3 * requests);
    expect(engine.progress()).toEqual({ sent: requests, completed: requests, errors: 0, dropped: 0, inFlight: 0 });

    const buckets = journal.buckets();
    expect(buckets.every((bucket) => bucket.colour === 'blue' && (bucket.t - plan.startAt) % 1000 === 0)).toBe(true);
    const seconds = buckets.map((bucket) => (bucket.t - plan.startAt) / 1000);
    expect(seconds.slice(0, 2)).toEqual([0, 1]);
    expect(buckets[0]!.requests).toBeGreaterThan(180);
    expect(buckets[1]!.requests).toBeGreaterThan(180);
    const scheduleLags = buckets.reduce((sum, bucket) => sum + decodeHistogram(bucket.scheduleLag).totalCount, 0);
    expect(scheduleLags).toBe(requests);

    expect(journal.targets().map((target) => [target.t - plan.startAt, target.rps])).toEqual([
      [0, 200],
      [1_000, 200],
    ]);
  });

  it("asks for the model once and sends every request below the base URL's path", async () => {
    server = await startServer(fastJson('green'));
    const journal = new MemoryJournal();
    const plan = planFor(
      `${server.url}/gateway/`,
      { profile: { kind: 'constant', rate: 20 }, workload: { mix: [{ request: { kind: 'chat', stream: false } }] } },
      500,
    );

    await new NativeEngine().run(plan, journal, new AbortController().signal);

    expect(server.requests).toEqual([
      'GET /gateway/v1/models',
      ...Array<string>(10).fill('POST /gateway/v1/chat/completions'),
    ]);
    expect(journal.outcomes()).toEqual({ '200': 10 });
  });
});
