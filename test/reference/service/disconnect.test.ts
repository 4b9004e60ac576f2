import { afterEach, describe, expect, it } from 'vitest';
import { call, chat, eventually, openStream, post, Services, state } from './helpers.js';

const services = new Services();
afterEach(() => services.closeAll());

describe('client disconnect', () => {
  it('frees the reservation of a stream the client abandons', async () => {
    const { url } = await services.start({ prefillBaseMs: 0, prefillMsPerToken: 0, decodeMsPerToken: 5 });
    const stream = await openStream(url, '/v1/chat/completions', chat(10, 1000, { stream: true }));
    await stream.waitFor('"content":"');
    const during = await state(url);
    expect(during.running).toBe(1);
    expect(during.vram.kvUsedMiB).toBe((10 + 1000) * 0.5);

    stream.abort();
    await eventually(async () => {
      const after = await state(url);
      return after.running === 0 && after.vram.kvUsedMiB === 0;
    });
    const metrics = (await call(url, 'GET', '/metrics')).text;
    expect(metrics).toContain(
      'greenlight_reference_requests_total{endpoint="/v1/chat/completions",status="499",colour="blue"} 1',
    );
  });

  it('frees the queue slot of a waiting request whose client leaves', async () => {
    const { url } = await services.start({ maxBatch: 1, prefillBaseMs: 0, prefillMsPerToken: 0, decodeMsPerToken: 5 });
    const running = await openStream(url, '/v1/chat/completions', chat(1, 1000, { stream: true }));
    const controller = new AbortController();
    const waiting = fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify(chat(1, 2)),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await eventually(async () => (await state(url)).queued === 1);
    controller.abort();
    await waiting;
    await eventually(async () => (await state(url)).queued === 0);
    running.abort();
    await eventually(async () => (await state(url)).running === 0);
    expect((await post(url, '/v1/chat/completions', chat(1, 2))).status).toBe(200);
  });
});
