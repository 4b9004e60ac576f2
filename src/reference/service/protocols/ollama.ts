import { z } from 'zod';
import { ollamaError } from '../http-io.js';
import { countPromptTokens, DEFAULT_OUTPUT_TOKENS } from '../tokens.js';
import { parseOrThrow } from '../validation.js';
import type { Generated, Protocol, ResponseMeta, StreamEncoder } from './protocol.js';

const commonFields = {
  model: z.string().optional(),
  /** Ollama streams unless told otherwise. */
  stream: z.boolean().default(true),
  options: z.object({ num_predict: z.number().int().positive().optional() }).optional(),
};

const generateRequest = z.object({
  ...commonFields,
  prompt: z.string().default(''),
  system: z.string().optional(),
});

const chatRequest = z.object({
  ...commonFields,
  messages: z.array(z.object({ role: z.string(), content: z.string() })).min(1),
});

const nanoseconds = (ms: number): number => Math.round(ms * 1e6);

/** The statistics of Ollama's final (`done: true`) object; durations in nanoseconds. */
function doneFields(done: Generated) {
  const { arrivedAt, admittedAt, prefilledAt, finishedAt } = done.timing;
  return {
    done: true,
    done_reason: 'length',
    total_duration: nanoseconds(finishedAt - arrivedAt),
    // Ollama counts the wait for a free runner into load_duration; here that is the queue wait.
    load_duration: nanoseconds(admittedAt - arrivedAt),
    prompt_eval_count: done.spec.promptTokens,
    prompt_eval_duration: nanoseconds(prefilledAt - admittedAt),
    eval_count: done.spec.outputTokens,
    eval_duration: nanoseconds(finishedAt - prefilledAt),
  };
}

/** How generate and chat carry text: `response` versus an assistant `message`. */
type Content = (text: string) => object;
const generateContent: Content = (text) => ({ response: text });
const chatContent: Content = (text) => ({ message: { role: 'assistant', content: text } });

function ndjsonEncoder(meta: ResponseMeta, content: Content): StreamEncoder {
  const line = (fields: object): string =>
    `${JSON.stringify({ model: meta.model, created_at: new Date().toISOString(), ...fields })}\n`;
  return {
    contentType: 'application/x-ndjson',
    token: (text) => line({ ...content(text), done: false }),
    finish: (done) => line({ ...content(''), ...doneFields(done) }),
    failure: (failure) => `${JSON.stringify(ollamaError(failure.status, failure.message, failure.code))}\n`,
  };
}

function ollamaProtocol(
  parse: (body: unknown) => { stream: boolean; promptTexts: string[]; numPredict: number | undefined },
  content: Content,
): Protocol {
  return {
    errors: ollamaError,
    parse(body, meta) {
      const request = parse(body);
      return {
        spec: {
          promptTokens: countPromptTokens(request.promptTexts),
          outputTokens: request.numPredict ?? DEFAULT_OUTPUT_TOKENS,
        },
        stream: request.stream ? ndjsonEncoder(meta, content) : undefined,
        body: (done) => ({
          model: meta.model,
          created_at: new Date().toISOString(),
          ...content(done.text),
          ...doneFields(done),
        }),
      };
    },
  };
}

/** `POST /api/generate`. */
export const ollamaGenerate = ollamaProtocol((body) => {
  const request = parseOrThrow(generateRequest, body, 'generate request');
  return {
    stream: request.stream,
    promptTexts: [request.system ?? '', request.prompt],
    numPredict: request.options?.num_predict,
  };
}, generateContent);

/** `POST /api/chat`. */
export const ollamaChat = ollamaProtocol((body) => {
  const request = parseOrThrow(chatRequest, body, 'chat request');
  return {
    stream: request.stream,
    promptTexts: request.messages.map((message) => message.content),
    numPredict: request.options?.num_predict,
  };
}, chatContent);
