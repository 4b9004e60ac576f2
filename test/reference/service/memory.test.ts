import { afterEach, describe, expect, it } from 'vitest';
import { call, chat, eventually, json, openStream, post, Services, sseData, state } from './helpers.js';

const services = new Services();
afterEach(() => services.closeAll());

/** 1 GiB of VRAM, half of it weights: a 512 MiB KV budget at 1 MiB per token. */
const SMALL_GPU = {
  vramGiB: 1,
  weightsGiB: 0.5,
  kvMiBPerToken: 1,
  prefillBaseMs: 1,
  prefillMsPerToken: 0,
  decodeMsPerToken: 2,
};

describe('simulated VRAM', () => {
  it('fails requests that can never fit with a CUDA OOM and recovers when pressure is cleared', async () => {
    const { url } = await services.start(SMALL_GPU);
    const pressed = json<{ vram: { pressureMiB: number; kvBudgetMiB: number } }>(
      await call(url, 'PUT', '/admin/vram-pressure', { gib: 0.49 }),
    );
    expect(pressed.vram.pressureMiB).toBeCloseTo(501.76, 2);
    expect(pressed.vram.kvBudgetMiB).toBeCloseTo(10.24, 2);

    const oom = await post(url, '/v1/chat/completions', chat(10, 8));
    expect(oom.status).toBe(500);
    expect(json(oom)).toMatchObject({
      error: { type: 'server_error', code: 'oom', message: expect.stringMatching(/^CUDA out of memory: /) },
    });
    expect((await post(url, '/v1/chat/completions', chat(2, 4))).status).toBe(200);
    expect((await call(url, 'GET', '/ready')).status).toBe(503);

    const cleared = await call(url, 'DELETE', '/admin/vram-pressure');
    expect(json(cleared)).toMatchObject({ vram: { pressureMiB: 0, kvBudgetMiB: 512 } });
    expect((await call(url, 'DELETE', '/admin/vram-pressure')).status).toBe(200);
    expect((await post(url, '/v1/chat/completions', chat(10, 8))).status).toBe(200);
    expect((await call(url, 'GET', '/ready')).status).toBe(200);
    expect((await state(url)).counters.oomErrors).toBe(1);
  });

  it('sets pressure as a percentage of total VRAM', async () => {
    const { url } = await services.start(SMALL_GPU);
    const body = json<{ vram: { totalMiB: number; pressureMiB: number; kvBudgetMiB: number } }>(
      await call(url, 'PUT', '/admin/vram-pressure', { percent: 25 }),
    );
    expect(body.vram).toMatchObject({ totalMiB: 1024, pressureMiB: 256, kvBudgetMiB: 256 });
  });

  it('preempts the most recently admitted stream when pressure rises mid-way', async () => {
    const { url } = await services.start({ ...SMALL_GPU, decodeMsPerToken: 5 });
    // Each reserves 1 + 100 tokens = 101 MiB; a 150 MiB budget holds only the first.
    const first = await openStream(url, '/v1/chat/completions', chat(1, 100, { stream: true }));
    const second = await openStream(url, '/v1/chat/completions', chat(1, 100, { stream: true }));
    await Promise.all([first.waitFor('"content":"'), second.waitFor('"content":"')]);
    await call(url, 'PUT', '/admin/vram-pressure', { gib: (512 - 150) / 1024 });

    const cut = sseData(await second.rest());
    expect(cut).not.toContain('[DONE]');
    expect(JSON.parse(cut.at(-1) ?? '{}')).toMatchObject({ error: { code: 'preempted', type: 'server_error' } });
    const whole = sseData(await first.rest());
    expect(whole.at(-1)).toBe('[DONE]');
    const after = await state(url);
    expect(after.counters.preemptions).toBe(1);
    expect(after.vram.kvUsedMiB).toBe(0);
  });

  it('fails a non-streamed request that is preempted with 500 preempted', async () => {
    // The leak eats the 512 MiB budget in half a second; the request needs 61 MiB for 600 ms.
    const { url } = await services.start({ ...SMALL_GPU, decodeMsPerToken: 10, leakMiBPerSecond: 1000 });
    const answer = await post(url, '/v1/chat/completions', chat(1, 60));
    expect(answer.status).toBe(500);
    expect(json(answer)).toMatchObject({ error: { code: 'preempted' } });
    await eventually(async () => (await state(url)).vram.kvBudgetMiB === 0);
    expect((await call(url, 'GET', '/ready')).status).toBe(503);
  });
});

describe('admin API', () => {
  it('rejects malformed pressure and knobs with 400 and a message that names the problem', async () => {
    const { url } = await services.start(SMALL_GPU);
    const expectRejected = async (method: string, path: string, body: unknown, fragment: string): Promise<void> => {
      const answer = await call(url, method, path, body);
      expect(answer.status).toBe(400);
      expect(json<{ error: { message: string } }>(answer).error.message).toContain(fragment);
    };
    await expectRejected('PUT', '/admin/vram-pressure', { gib: -1 }, 'gib');
    await expectRejected('PUT', '/admin/vram-pressure', {}, 'exactly one of');
    await expectRejected('PUT', '/admin/vram-pressure', { gib: 1, percent: 5 }, 'exactly one of');
    await expectRejected('PUT', '/admin/vram-pressure', 'lots', 'not valid JSON');
    await expectRejected('PATCH', '/admin/knobs', { errorRate: 2 }, 'errorRate');
    await expectRejected('PATCH', '/admin/knobs', { colour: 'red' }, 'colour');
    await expectRejected('PATCH', '/admin/knobs', [1], 'expected an object');
    expect((await state(url)).knobs.errorRate).toBe(0);
  });

  it('applies a knobs patch on top of the current knobs', async () => {
    const { url } = await services.start(SMALL_GPU);
    const patched = json<{ knobs: { decodeSlowdown: number; vramGiB: number; model: string } }>(
      await call(url, 'PATCH', '/admin/knobs', { decodeSlowdown: 1.5, model: 'sim-canary' }),
    );
    expect(patched.knobs).toMatchObject({ decodeSlowdown: 1.5, vramGiB: 1, model: 'sim-canary' });
    const models = json<{ data: { id: string }[] }>(await call(url, 'GET', '/v1/models'));
    expect(models.data[0]?.id).toBe('sim-canary');
  });
});
