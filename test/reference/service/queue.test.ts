import { afterEach, describe, expect, it } from 'vitest';
import { call, chat, eventually, json, openStream, post, Services, state } from './helpers.js';

const services = new Services();
afterEach(() => services.closeAll());

const ONE_SLOT = { maxBatch: 1, maxQueue: 1, prefillBaseMs: 0, prefillMsPerToken: 0, decodeMsPerToken: 5 };

describe('admission queue', () => {
  it('queues beyond maxBatch, rejects beyond maxQueue with 429 and serves the queue in order', async () => {
    const { url } = await services.start({ ...ONE_SLOT, queueTimeoutMs: 10_000 });
    const running = await openStream(url, '/v1/chat/completions', chat(1, 40, { stream: true }));
    const queued = post(url, '/v1/chat/completions', chat(1, 2));
    await eventually(async () => (await state(url)).queued === 1);
    expect((await call(url, 'GET', '/ready')).status).toBe(503);

    const rejected = await post(url, '/v1/chat/completions', chat(1, 2));
    expect(rejected.status).toBe(429);
    expect(json(rejected)).toMatchObject({ error: { code: 'queue_full' } });

    await running.rest();
    const served = await queued;
    expect(served.status).toBe(200);
    const after = await state(url);
    expect(after.counters.queueRejections).toBe(1);
    expect([after.queued, after.running]).toEqual([0, 0]);
  });

  it('fails a request that waits longer than queueTimeoutMs with 503', async () => {
    const { url } = await services.start({ ...ONE_SLOT, queueTimeoutMs: 100 });
    const running = await openStream(url, '/v1/chat/completions', chat(1, 60, { stream: true }));
    const timedOut = await post(url, '/api/generate', { model: 'm', prompt: 'x', options: { num_predict: 2 } });
    expect(timedOut.status).toBe(503);
    expect(json(timedOut)).toEqual({ error: expect.stringContaining('timed out in the queue') });
    await running.rest();
    expect((await state(url)).counters.queueTimeouts).toBe(1);
  });

  it('holds admission to the KV budget even below maxBatch', async () => {
    // 40 MiB budget, 2 × 21 MiB requests: the second waits for the first.
    const { url } = await services.start({ ...ONE_SLOT, maxBatch: 8, vramGiB: 1, weightsGiB: 0.5, kvMiBPerToken: 1 });
    await call(url, 'PUT', '/admin/vram-pressure', { gib: (512 - 40) / 1024 });
    const first = await openStream(url, '/v1/chat/completions', chat(1, 20, { stream: true }));
    const second = post(url, '/v1/chat/completions', chat(1, 20));
    await eventually(async () => {
      const current = await state(url);
      return current.queued === 1 && current.running === 1;
    });
    await first.rest();
    expect((await second).status).toBe(200);
  });
});
