import { describe, expect, it } from 'vitest';
import { workloadSchema } from '../../../src/experiment/load-schema.js';
import { WorkloadSampler, needsDefaultModel } from '../../../src/load/workloads/sampler.js';
import { Random } from '../../../src/util/random.js';

const words = (text: string): number => text.split(' ').length;

describe('WorkloadSampler', () => {
  it('builds an OpenAI streaming chat request with usage requested', () => {
    const workload = workloadSchema.parse({ mix: [{ request: { kind: 'chat', promptTokens: 12, maxTokens: 5 } }] });
    const request = new WorkloadSampler(workload, 'sim-7b', new Random(1)).next();
    expect(request).toMatchObject({
      kind: 'chat',
      path: '/v1/chat/completions',
      stream: true,
      promptTokens: 12,
      maxTokens: 5,
    });
    const body = JSON.parse(request.body) as { messages: { role: string; content: string }[] };
    expect(body).toMatchObject({
      model: 'sim-7b',
      max_tokens: 5,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]?.role).toBe('user');
    expect(words(body.messages[0]?.content ?? '')).toBe(12);
  });

  it('leaves stream_options out of a non-streamed chat request', () => {
    const workload = workloadSchema.parse({ mix: [{ request: { kind: 'chat', stream: false, model: 'mine' } }] });
    const body = JSON.parse(new WorkloadSampler(workload, 'other', new Random(1)).next().body) as Record<
      string,
      unknown
    >;
    expect(body['model']).toBe('mine');
    expect(body['stream']).toBe(false);
    expect(body).not.toHaveProperty('stream_options');
  });

  it('builds Ollama generate and chat requests with num_predict', () => {
    const generate = new WorkloadSampler(
      workloadSchema.parse({ mix: [{ request: { kind: 'ollama-generate', promptTokens: 3, maxTokens: 7 } }] }),
      'llama',
      new Random(1),
    ).next();
    expect(generate.path).toBe('/api/generate');
    const generateBody = JSON.parse(generate.body) as { prompt: string };
    expect(generateBody).toMatchObject({ model: 'llama', stream: true, options: { num_predict: 7 } });
    expect(words(generateBody.prompt)).toBe(3);

    const chat = new WorkloadSampler(
      workloadSchema.parse({
        mix: [{ request: { kind: 'ollama-chat', stream: false, promptTokens: 4, maxTokens: 2 } }],
      }),
      'llama',
      new Random(1),
    ).next();
    expect(chat.path).toBe('/api/chat');
    expect(JSON.parse(chat.body)).toMatchObject({ model: 'llama', stream: false, options: { num_predict: 2 } });
  });

  it('follows the mix weights and draws uniform token counts within their bounds', () => {
    const workload = workloadSchema.parse({
      mix: [
        { weight: 3, request: { kind: 'chat', promptTokens: { uniform: [10, 20] }, maxTokens: { uniform: [1, 3] } } },
        { weight: 1, request: { kind: 'ollama-generate' } },
      ],
    });
    const sampler = new WorkloadSampler(workload, 'm', new Random(9));
    const requests = Array.from({ length: 4_000 }, () => sampler.next());
    const chats = requests.filter((request) => request.kind === 'chat');
    // Binomial(4000, 0.75): σ ≈ 27.
    expect(Math.abs(chats.length - 3_000)).toBeLessThan(140);
    const promptCounts = new Set(chats.map((request) => request.promptTokens));
    expect(Math.min(...promptCounts)).toBe(10);
    expect(Math.max(...promptCounts)).toBe(20);
    expect(promptCounts.size).toBe(11);
    expect(new Set(chats.map((request) => request.maxTokens))).toEqual(new Set([1, 2, 3]));
  });

  it('replays the same requests for the same seed', () => {
    const workload = workloadSchema.parse({
      mix: [{ request: { kind: 'chat', promptTokens: { uniform: [1, 500] } } }, { request: { kind: 'ollama-chat' } }],
    });
    const draw = (seed: number): string[] => {
      const sampler = new WorkloadSampler(workload, 'm', new Random(seed));
      return Array.from({ length: 20 }, () => sampler.next().body);
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
  });

  it('builds prompts longer than its word ring', () => {
    const workload = workloadSchema.parse({ mix: [{ request: { kind: 'ollama-generate', promptTokens: 10_000 } }] });
    const body = JSON.parse(new WorkloadSampler(workload, 'm', new Random(1)).next().body) as { prompt: string };
    expect(words(body.prompt)).toBe(10_000);
  });
});

describe('needsDefaultModel', () => {
  it('is true only when some entry leaves the model unset', () => {
    expect(needsDefaultModel(workloadSchema.parse({ mix: [{ request: { kind: 'chat', model: 'a' } }] }))).toBe(false);
    expect(
      needsDefaultModel(
        workloadSchema.parse({ mix: [{ request: { kind: 'chat', model: 'a' } }, { request: { kind: 'chat' } }] }),
      ),
    ).toBe(true);
  });
});
