import { z } from 'zod';
import { openAiError } from '../http-io.js';
import type { SequenceSpec } from '../scheduler.js';
import { DEFAULT_OUTPUT_TOKENS } from '../tokens.js';
import type { ResponseMeta, StreamEncoder } from './protocol.js';

/** Request fields that chat and text completions share (unknown fields such as temperature pass). */
export const openAiGenerationFields = {
  model: z.string().optional(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: z.number().int().positive().nullish(),
};

export function outputTokens(maxTokens: number | null | undefined): number {
  return maxTokens ?? DEFAULT_OUTPUT_TOKENS;
}

export function usage(spec: SequenceSpec): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  return {
    prompt_tokens: spec.promptTokens,
    completion_tokens: spec.outputTokens,
    total_tokens: spec.promptTokens + spec.outputTokens,
  };
}

export function objectHeader(prefix: string, object: string, meta: ResponseMeta) {
  return {
    id: `${prefix}-${meta.serial}`,
    object,
    created: Math.floor(meta.created.getTime() / 1000),
    model: meta.model,
  };
}

function sse(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

interface SseShape {
  header: ReturnType<typeof objectHeader>;
  includeUsage: boolean;
  /** A choice sent once, just before the first token (chat's `delta.role`). */
  opening: object | undefined;
  tokenChoice(text: string): object;
  finalChoice: object;
}

/**
 * OpenAI's server-sent events: one chunk per token, a final chunk with the finish reason, a usage
 * chunk with empty choices when `stream_options.include_usage` is set (then every other chunk
 * carries `usage: null`), and `data: [DONE]`.
 */
export function sseEncoder(shape: SseShape): StreamEncoder {
  const chunk = (choices: object[]): string =>
    sse(shape.includeUsage ? { ...shape.header, choices, usage: null } : { ...shape.header, choices });
  let opened = shape.opening === undefined;
  return {
    contentType: 'text/event-stream',
    token(text) {
      const opening = opened || shape.opening === undefined ? '' : chunk([shape.opening]);
      opened = true;
      return opening + chunk([shape.tokenChoice(text)]);
    },
    finish(done) {
      const usageChunk = shape.includeUsage ? sse({ ...shape.header, choices: [], usage: usage(done.spec) }) : '';
      return `${chunk([shape.finalChoice])}${usageChunk}data: [DONE]\n\n`;
    },
    failure(failure) {
      return sse(openAiError(failure.status, failure.message, failure.code));
    },
  };
}
