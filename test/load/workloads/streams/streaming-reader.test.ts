import { describe, expect, it } from 'vitest';
import { BufferedReader } from '../../../../src/load/workloads/streams/buffered-reader.js';
import { readOllamaPayload } from '../../../../src/load/workloads/streams/ollama-payload.js';
import { readOpenAiPayload } from '../../../../src/load/workloads/streams/openai-payload.js';
import { StreamingReader } from '../../../../src/load/workloads/streams/streaming-reader.js';
import { byteByByte } from './chunking.js';

const sse = (object: unknown): string => `data: ${JSON.stringify(object)}\n\n`;
const delta = (content: string): string => sse({ choices: [{ index: 0, delta: { content } }] });
const ndjson = (object: unknown): string => `${JSON.stringify(object)}\n`;

/** Feeds each [arrival time, text] byte by byte, all bytes of a piece arriving at its time. */
function feed(reader: StreamingReader, pieces: [number, string][]): void {
  for (const [at, text] of pieces) for (const byte of byteByByte(text)) reader.push(byte, at);
}

describe('StreamingReader on OpenAI SSE', () => {
  it('measures TTFT to the first non-empty content and every gap after it', () => {
    const reader = new StreamingReader('sse', readOpenAiPayload, 1_000);
    feed(reader, [
      [1_005, sse({ choices: [{ delta: { role: 'assistant' } }] })],
      [1_020, delta('')],
      [1_050, delta('Hello')],
      [1_060, delta(' wor')],
      [1_075, delta('ld')],
      [1_080, sse({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 4 } })],
      [1_081, 'data: [DONE]\n\n'],
    ]);
    expect(reader.end()).toEqual({
      ttftMs: 50,
      itlMs: [10, 15],
      inputTokens: 12,
      outputTokens: 4,
      outputTokenSource: 'usage',
      text: 'Hello world',
      failure: undefined,
    });
  });

  it('counts content chunks when the service sends no usage', () => {
    const reader = new StreamingReader('sse', readOpenAiPayload, 0);
    feed(reader, [
      [1, delta('a')],
      [2, delta('b')],
      [3, delta('c')],
      [4, 'data: [DONE]\n\n'],
    ]);
    expect(reader.end()).toMatchObject({ outputTokens: 3, outputTokenSource: 'chunks', inputTokens: 0 });
  });

  it('does not build up the text when nobody needs it (keepText false), and measures the same', () => {
    const reader = new StreamingReader('sse', readOpenAiPayload, 0, false);
    feed(reader, [
      [1, delta('a')],
      [5, delta('b')],
      [6, 'data: [DONE]\n\n'],
    ]);
    expect(reader.end()).toMatchObject({ text: '', ttftMs: 1, itlMs: [4], outputTokens: 2 });
  });

  it('reports a stream that ends without [DONE] as stream-cut', () => {
    const reader = new StreamingReader('sse', readOpenAiPayload, 0);
    feed(reader, [
      [1, delta('a')],
      [2, 'data: [DO'],
    ]);
    expect(reader.end().failure?.errorClass).toBe('stream-cut');
  });

  it.each([
    ['an error object', sse({ error: { message: 'CUDA out of memory', code: 500 } }), 'CUDA out of memory'],
    ['a vLLM error', sse({ object: 'error', message: 'preempted' }), 'preempted'],
    ['an error event', 'event: error\ndata: upstream gone\n\n', 'upstream gone'],
    ['a malformed chunk', 'data: {"choices": [\n\n', 'not a JSON object: {"choices": ['],
  ])('reports %s mid-stream as stream-error', (_name, errorPiece, detail) => {
    const reader = new StreamingReader('sse', readOpenAiPayload, 0);
    feed(reader, [
      [1, delta('a')],
      [2, errorPiece],
    ]);
    expect(reader.end().failure).toEqual({ errorClass: 'stream-error', detail });
  });
});

describe('StreamingReader on Ollama NDJSON', () => {
  it('reads /api/generate and /api/chat objects and takes eval counts from the last one', () => {
    const generate = new StreamingReader('ndjson', readOllamaPayload, 0);
    feed(generate, [
      [30, ndjson({ response: 'Hi', done: false })],
      [38, ndjson({ response: ' there', done: false })],
      [39, ndjson({ response: '', done: true, eval_count: 2, prompt_eval_count: 9 })],
    ]);
    expect(generate.end()).toEqual({
      ttftMs: 30,
      itlMs: [8],
      inputTokens: 9,
      outputTokens: 2,
      outputTokenSource: 'usage',
      text: 'Hi there',
      failure: undefined,
    });

    const chat = new StreamingReader('ndjson', readOllamaPayload, 10);
    feed(chat, [
      [25, ndjson({ message: { role: 'assistant', content: 'Yo' }, done: false })],
      [26, ndjson({ message: { role: 'assistant', content: '' }, done: true })],
    ]);
    expect(chat.end()).toMatchObject({ ttftMs: 15, outputTokens: 1, outputTokenSource: 'chunks', failure: undefined });
  });

  it('reports a stream without done: true as stream-cut, and an error object as stream-error', () => {
    const cut = new StreamingReader('ndjson', readOllamaPayload, 0);
    feed(cut, [[1, ndjson({ response: 'a', done: false })]]);
    expect(cut.end().failure?.errorClass).toBe('stream-cut');

    const failed = new StreamingReader('ndjson', readOllamaPayload, 0);
    feed(failed, [[1, ndjson({ error: 'model not found' })]]);
    expect(failed.end().failure).toEqual({ errorClass: 'stream-error', detail: 'model not found' });
  });
});

describe('BufferedReader', () => {
  it('reads a whole OpenAI response and its usage, without TTFT', () => {
    const reader = new BufferedReader(readOpenAiPayload);
    for (const byte of byteByByte(
      JSON.stringify({ choices: [{ message: { content: 'ok' } }], usage: { prompt_tokens: 3, completion_tokens: 1 } }),
    )) {
      reader.push(byte);
    }
    expect(reader.end()).toEqual({
      ttftMs: undefined,
      itlMs: [],
      inputTokens: 3,
      outputTokens: 1,
      outputTokenSource: 'usage',
      text: 'ok',
      failure: undefined,
    });
  });

  it('marks an unreadable body as bad-response', () => {
    const reader = new BufferedReader(readOllamaPayload);
    reader.push(Buffer.from('<html>gateway</html>'));
    expect(reader.end().failure?.errorClass).toBe('bad-response');
  });
});
