import { afterEach, describe, expect, it } from 'vitest';
import { COLOUR_HEADER } from '../../../src/shared/colour.js';
import { json, ndjson, post, Services, words } from './helpers.js';

const services = new Services();
afterEach(() => services.closeAll());

const DONE_FIELDS = [
  'total_duration',
  'load_duration',
  'prompt_eval_count',
  'prompt_eval_duration',
  'eval_count',
  'eval_duration',
];

describe('Ollama API', () => {
  it('streams /api/generate as NDJSON, one object per token, then a done object with statistics', async () => {
    const { url } = await services.start({ prefillBaseMs: 20, prefillMsPerToken: 0, decodeMsPerToken: 2 });
    const answer = await post(url, '/api/generate', { model: 'm', prompt: words(12), options: { num_predict: 6 } });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/x-ndjson');
    expect(answer.headers[COLOUR_HEADER]).toBe('blue');
    const lines = ndjson(answer.text);
    expect(lines).toHaveLength(7);
    for (const line of lines.slice(0, 6)) {
      expect(line).toMatchObject({
        model: 'greenlight-sim-7b',
        done: false,
        response: expect.stringMatching(/^\w+ $/),
      });
      expect(Number.isNaN(Date.parse(String(line.created_at)))).toBe(false);
    }
    const done = lines[6] ?? {};
    expect(done).toMatchObject({
      done: true,
      done_reason: 'length',
      response: '',
      prompt_eval_count: 12,
      eval_count: 6,
    });
    for (const field of DONE_FIELDS) expect(Number.isInteger(done[field])).toBe(true);
    // Durations are nanoseconds: prefill alone took at least ~20 ms.
    expect(done.prompt_eval_duration).toBeGreaterThan(15e6);
    expect(done.total_duration).toBeGreaterThanOrEqual(Number(done.prompt_eval_duration) + Number(done.eval_duration));
  });

  it('streams /api/chat with assistant messages', async () => {
    const { url } = await services.start();
    const lines = ndjson(
      (
        await post(url, '/api/chat', {
          model: 'm',
          messages: [{ role: 'user', content: words(3) }],
          options: { num_predict: 2 },
        })
      ).text,
    );
    expect(lines.map((line) => line.done)).toEqual([false, false, true]);
    expect(lines[0]?.message).toMatchObject({ role: 'assistant', content: expect.stringMatching(/^\w+ $/) });
    expect(lines[2]).toMatchObject({
      message: { role: 'assistant', content: '' },
      prompt_eval_count: 3,
      eval_count: 2,
    });
  });

  it('answers stream:false with one object, defaulting to 64 tokens', async () => {
    const { url } = await services.start();
    const answer = await post(url, '/api/chat', {
      model: 'm',
      messages: [{ role: 'user', content: 'hi there' }],
      stream: false,
    });
    expect(answer.headers['content-type']).toBe('application/json');
    const body = json<{ message: { content: string }; done: boolean; eval_count: number; prompt_eval_count: number }>(
      answer,
    );
    expect(body.done).toBe(true);
    expect(body.eval_count).toBe(64);
    expect(body.prompt_eval_count).toBe(2);
    expect(body.message.content.trim().split(' ')).toHaveLength(64);
  });

  it('answers a wrongly shaped body with 400 and an Ollama-style error', async () => {
    const { url } = await services.start();
    const answer = await post(url, '/api/chat', { model: 'm', messages: 'hello' });
    expect(answer.status).toBe(400);
    expect(json(answer)).toEqual({ error: expect.stringContaining('messages') });
  });
});
