import { afterEach, describe, expect, it } from 'vitest';
import { chat, post, Services } from './helpers.js';

const services = new Services();
afterEach(() => services.closeAll());

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('timing model', () => {
  it('grows time to first token with prompt tokens as prefillMsPerToken says', async () => {
    const { url } = await services.start({
      prefillBaseMs: 5,
      prefillMsPerToken: 0.1,
      decodeMsPerToken: 2,
      batchSlowdown: 0,
    });
    const ttft = async (promptTokens: number): Promise<number> => {
      const answer = await post(url, '/v1/chat/completions', chat(promptTokens, 2, { stream: true }));
      return answer.firstChunkMs ?? Number.NaN;
    };
    await ttft(1); // warm up the connection
    const short = mean([await ttft(10), await ttft(10)]);
    const long = mean([await ttft(2010), await ttft(2010)]);
    // 2000 more prompt tokens at 0.1 ms each: 200 ms more prefill.
    expect(long - short).toBeGreaterThan(140);
    expect(long - short).toBeLessThan(400);
  });

  it('slows decoding as the batch grows', async () => {
    const { url } = await services.start({
      prefillBaseMs: 0,
      prefillMsPerToken: 0,
      decodeMsPerToken: 4,
      batchSlowdown: 0.5,
    });
    const decodeSpan = async (): Promise<number> => {
      const answer = await post(url, '/v1/chat/completions', chat(1, 30, { stream: true }));
      return answer.totalMs - (answer.firstChunkMs ?? 0);
    };
    await decodeSpan(); // warm up
    const alone = await decodeSpan();
    const batched = mean(await Promise.all(Array.from({ length: 8 }, decodeSpan)));
    // Batch of 8: 4 ms × (1 + 0.5 × 7) = 18 ms per token against 4 ms alone, 4.5 times slower.
    expect(batched / alone).toBeGreaterThan(2.5);
    expect(batched / alone).toBeLessThan(8);
  });

  it('applies the decodeSlowdown knob', async () => {
    const { url } = await services.start({
      prefillBaseMs: 0,
      prefillMsPerToken: 0,
      decodeMsPerToken: 3,
      decodeSlowdown: 4,
    });
    await post(url, '/v1/chat/completions', chat(1, 2));
    const answer = await post(url, '/v1/chat/completions', chat(1, 40));
    // 40 tokens × 3 ms × 4 = 480 ms; without the knob it would be 120 ms.
    expect(answer.totalMs).toBeGreaterThan(400);
  });
});
