import { afterEach, describe, expect, it } from 'vitest';
import { NativeEngine } from '../../../../src/load/engines/native/index.js';
import { MemoryJournal } from '../../helpers/journal.js';
import {
  closedPortUrl,
  reset,
  sseStreamer,
  stall,
  startServer,
  status,
  type TestServer,
} from '../../helpers/servers.js';
import { planFor } from './plan.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const chat = { mix: [{ request: { kind: 'chat', stream: false } }] };

describe('NativeEngine when the target fails', () => {
  it('drops arrivals beyond maxInFlight and times out stalled requests', async () => {
    server = await startServer(stall());
    const journal = new MemoryJournal();
    const engine = new NativeEngine();
    const plan = planFor(
      server.url,
      {
        profile: { kind: 'constant', rate: 50 },
        workload: { ...chat, mix: [{ request: { kind: 'chat', model: 'm' } }] },
        maxInFlight: 5,
        timeout: '300ms',
      },
      1_000,
    );

    await engine.run(plan, journal, new AbortController().signal);

    const { sent, dropped, completed, errors, inFlight } = engine.progress();
    expect(sent + dropped).toBe(50);
    expect(dropped).toBeGreaterThanOrEqual(20);
    expect(sent).toBeGreaterThanOrEqual(5);
    expect({ completed, errors, inFlight }).toEqual({ completed: sent, errors: sent, inFlight: 0 });
    expect(journal.outcomes()).toEqual({ timeout: sent });
    expect(journal.total('dropped')).toBe(dropped);
  });

  it('classifies refused connections', async () => {
    const journal = new MemoryJournal();
    const plan = planFor(await closedPortUrl(), { profile: { kind: 'constant', rate: 20 }, workload: chat }, 500);

    await new NativeEngine().run(plan, journal, new AbortController().signal);

    expect(journal.outcomes()).toEqual({ refused: 10 });
    expect(journal.buckets().every((bucket) => bucket.colour === 'unknown')).toBe(true);
  });

  it('classifies connections dropped without an answer as resets', async () => {
    server = await startServer(reset());
    const journal = new MemoryJournal();
    const plan = planFor(server.url, { profile: { kind: 'constant', rate: 20 }, workload: chat }, 500);

    await new NativeEngine().run(plan, journal, new AbortController().signal);

    expect(journal.outcomes()).toEqual({ reset: 10 });
  });

  it('counts HTTP errors by status and falls back to the default model', async () => {
    server = await startServer(status(503));
    const journal = new MemoryJournal();
    const plan = planFor(server.url, { profile: { kind: 'constant', rate: 20 }, workload: chat }, 500);

    await new NativeEngine().run(plan, journal, new AbortController().signal);

    expect(journal.outcomes()).toEqual({ '503': 10 });
    expect(journal.total('errors')).toBe(10);
    expect(journal.buckets().every((bucket) => bucket.colour === 'blue' && bucket.latency === '')).toBe(true);
    expect(server.bodies.every((body) => body['model'] === 'default')).toBe(true);
  });

  it('stops at once on abort and records the requests it cancelled', async () => {
    server = await startServer(sseStreamer({ firstTokenMs: 20_000, tokens: 1, gapMs: 1 }));
    const journal = new MemoryJournal();
    const engine = new NativeEngine();
    const plan = planFor(server.url, { profile: { kind: 'constant', rate: 40 }, timeout: '30s' }, 10_000);
    const abort = new AbortController();
    const abortAt = plan.startAt + 600;
    setTimeout(() => abort.abort(), abortAt - Date.now());

    await engine.run(plan, journal, abort.signal);
    const stoppedAfterMs = Date.now() - abortAt;

    expect(stoppedAfterMs).toBeLessThan(3_000);
    const { sent, completed, dropped, inFlight } = engine.progress();
    expect(sent).toBeGreaterThan(10);
    expect(sent).toBeLessThan(40);
    expect({ completed, dropped, inFlight }).toEqual({ completed: sent, dropped: 0, inFlight: 0 });
    expect(journal.outcomes()).toEqual({ aborted: sent });
    expect(journal.targets().length).toBeLessThanOrEqual(2);
    const sentAfterAbort = server.bodies.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.bodies.length).toBe(sentAfterAbort);
  });

  it('does nothing when the signal is already aborted', async () => {
    server = await startServer(stall());
    const journal = new MemoryJournal();
    const engine = new NativeEngine();
    const plan = planFor(server.url, { profile: { kind: 'constant', rate: 100 }, workload: chat }, 5_000);

    await engine.run(plan, journal, AbortSignal.abort());

    expect(engine.progress().sent).toBe(0);
    expect(journal.buckets()).toEqual([]);
  });
});
