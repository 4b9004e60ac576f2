import { z } from 'zod';
import { openAiError } from '../http-io.js';
import { countPromptTokens } from '../tokens.js';
import { parseOrThrow } from '../validation.js';
import { objectHeader, openAiGenerationFields, outputTokens, sseEncoder, usage } from './openai-format.js';
import type { Protocol } from './protocol.js';

const completionRequest = z.object({
  ...openAiGenerationFields,
  prompt: z.union([z.string(), z.array(z.string())]),
});

/** `POST /v1/completions` (legacy text completions). */
export const openAiCompletions: Protocol = {
  errors: openAiError,
  parse(body, meta) {
    const request = parseOrThrow(completionRequest, body, 'completion request');
    const spec = {
      promptTokens: countPromptTokens(typeof request.prompt === 'string' ? [request.prompt] : request.prompt),
      outputTokens: outputTokens(request.max_tokens),
    };
    return {
      spec,
      stream: request.stream
        ? sseEncoder({
            header: objectHeader('cmpl', 'text_completion', meta),
            includeUsage: request.stream_options?.include_usage === true,
            opening: undefined,
            tokenChoice: (text) => ({ index: 0, text, logprobs: null, finish_reason: null }),
            finalChoice: { index: 0, text: '', logprobs: null, finish_reason: 'length' },
          })
        : undefined,
      body: (done) => ({
        ...objectHeader('cmpl', 'text_completion', meta),
        choices: [{ index: 0, text: done.text, logprobs: null, finish_reason: 'length' }],
        usage: usage(done.spec),
      }),
    };
  },
};
