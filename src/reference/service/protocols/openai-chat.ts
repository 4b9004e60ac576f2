import { z } from 'zod';
import { openAiError } from '../http-io.js';
import { countPromptTokens } from '../tokens.js';
import { parseOrThrow } from '../validation.js';
import { objectHeader, openAiGenerationFields, outputTokens, sseEncoder, usage } from './openai-format.js';
import type { Protocol } from './protocol.js';

const contentPart = z.object({ type: z.string(), text: z.string().optional() });

const chatRequest = z.object({
  ...openAiGenerationFields,
  max_completion_tokens: z.number().int().positive().nullish(),
  messages: z
    .array(z.object({ role: z.string(), content: z.union([z.string(), z.array(contentPart)]).nullish() }))
    .min(1),
});

type ChatMessage = z.output<typeof chatRequest>['messages'][number];

function messageTexts(messages: readonly ChatMessage[]): string[] {
  return messages.flatMap(({ content }) =>
    typeof content === 'string' ? [content] : (content ?? []).map((part) => part.text ?? ''),
  );
}

/** `POST /v1/chat/completions`. */
export const openAiChat: Protocol = {
  errors: openAiError,
  parse(body, meta) {
    const request = parseOrThrow(chatRequest, body, 'chat completion request');
    const spec = {
      promptTokens: countPromptTokens(messageTexts(request.messages)),
      outputTokens: outputTokens(request.max_completion_tokens ?? request.max_tokens),
    };
    return {
      spec,
      stream: request.stream
        ? sseEncoder({
            header: objectHeader('chatcmpl', 'chat.completion.chunk', meta),
            includeUsage: request.stream_options?.include_usage === true,
            opening: { index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
            tokenChoice: (text) => ({ index: 0, delta: { content: text }, logprobs: null, finish_reason: null }),
            finalChoice: { index: 0, delta: {}, logprobs: null, finish_reason: 'length' },
          })
        : undefined,
      body: (done) => ({
        ...objectHeader('chatcmpl', 'chat.completion', meta),
        choices: [
          { index: 0, message: { role: 'assistant', content: done.text }, logprobs: null, finish_reason: 'length' },
        ],
        usage: usage(done.spec),
      }),
    };
  },
};
