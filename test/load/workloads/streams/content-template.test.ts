import { describe, expect, it } from 'vitest';
import { contentTemplateReader } from '../../../../src/load/workloads/streams/content-template.js';
import type { PayloadReader } from '../../../../src/load/workloads/streams/measure.js';
import { readOllamaPayload } from '../../../../src/load/workloads/streams/ollama-payload.js';
import { readOpenAiPayload } from '../../../../src/load/workloads/streams/openai-payload.js';

/** The payload reader, counting how often it is asked (the template's point is to ask less). */
function counted(read: PayloadReader): PayloadReader & { calls: number } {
  const wrapper = Object.assign((payload: string) => (wrapper.calls++, read(payload)), { calls: 0 });
  return wrapper;
}

const vllmChunk = (content: unknown, finish: string | null = null): string =>
  JSON.stringify({
    id: 'chatcmpl-7f3a',
    object: 'chat.completion.chunk',
    created: 1_764_000_000,
    model: 'meta-llama/Llama-3.1-8B-Instruct',
    choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: finish }],
  });

/** A stream a real server could send, with every case the fast path must hand back to JSON.parse. */
const OPENAI_STREAM = [
  JSON.stringify({ id: 'chatcmpl-7f3a', choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] }),
  vllmChunk('Hello'),
  vllmChunk(' world'),
  vllmChunk(' "quoted"'),
  vllmChunk('\n\n'),
  vllmChunk('back\\slash'),
  vllmChunk('héllo ✓ 🚀'),
  vllmChunk(''),
  vllmChunk(null),
  vllmChunk(' tab\there'),
  vllmChunk('"'),
  vllmChunk(' the'),
  vllmChunk('\u2028'),
  // Same bytes around the content, but an error where a token would be: must not read as content.
  vllmChunk('x').replace('"x"', '{"error":"boom"}'),
  vllmChunk(' end', 'stop'),
  JSON.stringify({ id: 'chatcmpl-7f3a', choices: [], usage: { prompt_tokens: 9, completion_tokens: 12 } }),
  JSON.stringify({ error: { message: 'overloaded' } }),
  'not json at all',
  vllmChunk('x').slice(0, -3),
  '[DONE]',
];

describe('contentTemplateReader', () => {
  it('reads every payload of a stream exactly as the full reader does', () => {
    const templated = contentTemplateReader(readOpenAiPayload);
    for (const payload of OPENAI_STREAM) {
      const expected = readOpenAiPayload(payload);
      const got = templated(payload);
      expect(got.content, payload).toEqual(expected.content);
      expect(Boolean(got.done), payload).toBe(Boolean(expected.done));
      expect(got.error, payload).toEqual(expected.error);
      expect(got.inputTokens, payload).toEqual(expected.inputTokens);
      expect(got.outputTokens, payload).toEqual(expected.outputTokens);
    }
  });

  it('reads a plain content chunk without the full reader once it has learnt the stream’s template', () => {
    const read = counted(readOpenAiPayload);
    const templated = contentTemplateReader(read);
    templated(vllmChunk('Hello'));
    const learnt = read.calls;
    for (let k = 0; k < 100; k++) expect(templated(vllmChunk(` tok${k}`)).content).toBe(` tok${k}`);
    expect(read.calls).toBe(learnt);
    // A token that needs decoding is read in full, and so is the last chunk with its finish_reason.
    expect(templated(vllmChunk('a "b"')).content).toBe('a "b"');
    expect(read.calls).toBe(learnt + 1);
    expect(templated(vllmChunk('.', 'stop')).content).toBe('.');
    expect(read.calls).toBeGreaterThan(learnt + 1);
  });

  it('keeps reading Ollama chunks right when their timestamps differ from chunk to chunk', () => {
    const chunk = (content: string, at: number, done = false): string =>
      JSON.stringify({
        model: 'llama3',
        created_at: `2026-11-30T00:00:0${at}.000Z`,
        message: { role: 'assistant', content },
        done,
        ...(done ? { eval_count: 3, prompt_eval_count: 5 } : {}),
      });
    const templated = contentTemplateReader(readOllamaPayload);
    const stream = [chunk('One', 1), chunk(' two', 1), chunk(' three', 2), chunk('', 3, true)];
    expect(stream.map((payload) => templated(payload).content)).toEqual(['One', ' two', ' three', '']);
    expect(templated(chunk('', 4, true))).toMatchObject({ done: true, outputTokens: 3, inputTokens: 5 });
  });

  it('learns nothing from a chunk whose content is not a plain string token of the payload', () => {
    const read = counted(readOpenAiPayload);
    const templated = contentTemplateReader(read);
    // The content value appears twice; only the delta's place is proven by the probe.
    const twice = JSON.stringify({ id: 'same', choices: [{ index: 0, delta: { content: 'same' } }] });
    expect(templated(twice).content).toBe('same');
    expect(templated(twice.replace('"content":"same"', '"content":"next"')).content).toBe('next');
    expect(templated(twice.replace('"id":"same"', '"id":"other"')).content).toBe('same');
  });
});
