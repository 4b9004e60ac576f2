import { afterEach, describe, expect, it } from 'vitest';
import { chat, json, post, Services, state } from './helpers.js';

const services = new Services();
afterEach(() => services.closeAll());

const REQUESTS = 200;

async function failedIndexes(seed: number): Promise<number[]> {
  const { url } = await services.start({
    errorRate: 0.25,
    seed,
    prefillBaseMs: 0,
    prefillMsPerToken: 0,
    decodeMsPerToken: 1,
  });
  const failed: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const answer = await post(url, '/v1/chat/completions', chat(1, 1));
    if (answer.status === 500) {
      expect(json(answer)).toMatchObject({ error: { code: 'internal_error', type: 'server_error' } });
      failed.push(i);
    } else {
      expect(answer.status).toBe(200);
    }
  }
  expect((await state(url)).counters.injectedErrors).toBe(failed.length);
  return failed;
}

describe('errorRate knob', () => {
  it('fails about the configured share of requests, the same ones for the same seed', async () => {
    const [first, replay, otherSeed] = await Promise.all([failedIndexes(7), failedIndexes(7), failedIndexes(8)]);
    expect(first.length / REQUESTS).toBeGreaterThan(0.15);
    expect(first.length / REQUESTS).toBeLessThan(0.35);
    expect(replay).toEqual(first);
    expect(otherSeed).not.toEqual(first);
  });
});
