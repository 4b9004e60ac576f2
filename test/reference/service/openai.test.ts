import { afterEach, describe, expect, it } from 'vitest';
import { COLOUR_HEADER } from '../../../src/shared/colour.js';
import { call, chat, json, post, Services, sseData, words } from './helpers.js';

const services = new Services();
afterEach(() => services.closeAll());

interface Chunk {
  id: string;
  object: string;
  model: string;
  choices: {
    index: number;
    delta?: { role?: string; content?: string };
    text?: string;
    finish_reason: string | null;
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

const tokensOf = (text: string): string[] => text.trim().split(/\s+/);

describe('OpenAI chat completions', () => {
  it('answers a non-streamed request with a chat.completion of exactly max_tokens tokens', async () => {
    const { url } = await services.start(undefined, 'green');
    const answer = await post(url, '/v1/chat/completions', chat(5, 4));
    expect(answer.status).toBe(200);
    expect(answer.headers[COLOUR_HEADER]).toBe('green');
    const body = json<{
      id: string;
      object: string;
      choices: { message: { role: string; content: string }; finish_reason: string }[];
      usage: unknown;
    }>(answer);
    expect(body.object).toBe('chat.completion');
    expect(body.id).toMatch(/^chatcmpl-/);
    expect(body.choices[0]?.message.role).toBe('assistant');
    expect(body.choices[0]?.finish_reason).toBe('length');
    expect(tokensOf(body.choices[0]?.message.content ?? '')).toHaveLength(4);
    expect(body.usage).toEqual({ prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 });
  });

  it('prefers max_completion_tokens and defaults to 64 tokens', async () => {
    const { url } = await services.start();
    const preferred = json<{ usage: { completion_tokens: number } }>(
      await post(url, '/v1/chat/completions', chat(1, 9, { max_completion_tokens: 3 })),
    );
    expect(preferred.usage.completion_tokens).toBe(3);
    const unbounded = json<{ usage: { completion_tokens: number } }>(
      await post(url, '/v1/chat/completions', {
        messages: [{ role: 'user', content: [{ type: 'text', text: 'a b' }] }],
      }),
    );
    expect(unbounded.usage).toEqual({ prompt_tokens: 2, completion_tokens: 64, total_tokens: 66 });
  });

  it('streams a role chunk, one chunk per token, a finish chunk, a usage chunk and [DONE]', async () => {
    const { url } = await services.start();
    const answer = await post(
      url,
      '/v1/chat/completions',
      chat(7, 5, { stream: true, stream_options: { include_usage: true } }),
    );
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/event-stream');
    expect(answer.headers[COLOUR_HEADER]).toBe('blue');
    const data = sseData(answer.text);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((payload) => JSON.parse(payload) as Chunk);
    expect(chunks).toHaveLength(1 + 5 + 1 + 1);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);

    const [role, ...rest] = chunks;
    expect(role?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    const contents = rest.slice(0, 5).map((chunk) => chunk.choices[0]?.delta?.content ?? '');
    expect(contents.every((content) => /^\w+ $/.test(content))).toBe(true);
    const finish = rest[5];
    expect(finish?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'length' });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    const usage = rest[6];
    expect(usage?.choices).toEqual([]);
    expect(usage?.usage).toEqual({ prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 });
  });

  it('leaves the usage chunk and usage fields out unless include_usage is set', async () => {
    const { url } = await services.start();
    const data = sseData((await post(url, '/v1/chat/completions', chat(2, 3, { stream: true }))).text);
    expect(data).toHaveLength(1 + 3 + 1 + 1);
    expect(data.at(-1)).toBe('[DONE]');
    expect(data.slice(0, -1).every((payload) => !('usage' in (JSON.parse(payload) as object)))).toBe(true);
  });
});

describe('OpenAI text completions, embeddings and models', () => {
  it('answers /v1/completions whole and streamed', async () => {
    const { url } = await services.start();
    const whole = json<{ object: string; choices: { text: string; finish_reason: string }[]; usage: unknown }>(
      await post(url, '/v1/completions', { prompt: words(6), max_tokens: 4 }),
    );
    expect(whole.object).toBe('text_completion');
    expect(tokensOf(whole.choices[0]?.text ?? '')).toHaveLength(4);
    expect(whole.usage).toEqual({ prompt_tokens: 6, completion_tokens: 4, total_tokens: 10 });

    const data = sseData(
      (
        await post(url, '/v1/completions', {
          prompt: ['a b', 'c'],
          max_tokens: 2,
          stream: true,
          stream_options: { include_usage: true },
        })
      ).text,
    );
    const chunks = data.slice(0, -1).map((payload) => JSON.parse(payload) as Chunk);
    expect(chunks.map((chunk) => (chunk.choices.length === 0 ? 'usage' : chunk.choices[0]?.finish_reason))).toEqual([
      null,
      null,
      'length',
      'usage',
    ]);
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
    expect(data.at(-1)).toBe('[DONE]');
  });

  it('returns one unit-length 384-dimension embedding per input, the same for the same text', async () => {
    const { url } = await services.start();
    const answer = await post(url, '/v1/embeddings', { input: ['one two', 'three', 'one two'] });
    expect(answer.status).toBe(200);
    const body = json<{ data: { object: string; embedding: number[]; index: number }[]; usage: unknown }>(answer);
    expect(body.data.map((entry) => [entry.object, entry.index, entry.embedding.length])).toEqual([
      ['embedding', 0, 384],
      ['embedding', 1, 384],
      ['embedding', 2, 384],
    ]);
    expect(Math.hypot(...(body.data[0]?.embedding ?? []))).toBeCloseTo(1, 6);
    expect(body.data[2]?.embedding).toEqual(body.data[0]?.embedding);
    expect(body.data[1]?.embedding).not.toEqual(body.data[0]?.embedding);
    expect(body.usage).toEqual({ prompt_tokens: 5, total_tokens: 5 });
  });

  it('lists the configured model', async () => {
    const { url } = await services.start({ model: 'sim-13b' });
    const body = json<{ object: string; data: { id: string; object: string; owned_by: string }[] }>(
      await call(url, 'GET', '/v1/models'),
    );
    expect(body.object).toBe('list');
    expect(body.data).toMatchObject([{ id: 'sim-13b', object: 'model', owned_by: 'greenlight' }]);
  });
});

describe('HTTP errors', () => {
  it('answers bad JSON and wrongly shaped bodies with 400 and an OpenAI-style error', async () => {
    const { url } = await services.start();
    const badJson = await post(url, '/v1/chat/completions', '{"messages": [');
    expect(badJson.status).toBe(400);
    expect(badJson.headers[COLOUR_HEADER]).toBe('blue');
    expect(json(badJson)).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining('not valid JSON') },
    });

    const badShape = await post(url, '/v1/chat/completions', {
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: -3,
    });
    expect(badShape.status).toBe(400);
    expect(json(badShape)).toMatchObject({ error: { message: expect.stringContaining('max_tokens') } });
  });

  it('answers unknown paths with 404 and wrong methods with 405 and Allow', async () => {
    const { url } = await services.start();
    const missing = await call(url, 'GET', '/v2/nothing');
    expect(missing.status).toBe(404);
    expect(missing.headers[COLOUR_HEADER]).toBe('blue');
    const wrongMethod = await call(url, 'GET', '/v1/chat/completions');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
    expect(json(wrongMethod)).toMatchObject({ error: { code: 'method_not_allowed' } });
  });

  it('reports health', async () => {
    const { url } = await services.start();
    const health = await call(url, 'GET', '/health');
    expect([health.status, json(health)]).toEqual([200, { status: 'ok' }]);
    expect((await call(url, 'GET', '/ready')).status).toBe(200);
  });
});
