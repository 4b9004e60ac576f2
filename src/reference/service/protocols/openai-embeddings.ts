import { z } from 'zod';
import { hashSeed, Random } from '../../../util/random.js';
import { openAiError } from '../http-io.js';
import { countPromptTokens } from '../tokens.js';
import { parseOrThrow } from '../validation.js';
import type { Protocol } from './protocol.js';

const DIMENSIONS = 384;

const embeddingRequest = z.object({
  model: z.string().optional(),
  input: z.union([z.string(), z.array(z.string()).min(1)]),
});

/** A unit vector that depends only on the text, as a real embedding model's would. */
function embed(text: string): number[] {
  const random = new Random(hashSeed(DIMENSIONS, text));
  const vector = Array.from({ length: DIMENSIONS }, () => random.normal());
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

/** `POST /v1/embeddings`: costs a prefill of the input and generates no tokens. */
export const openAiEmbeddings: Protocol = {
  errors: openAiError,
  parse(body, meta) {
    const request = parseOrThrow(embeddingRequest, body, 'embedding request');
    const inputs = typeof request.input === 'string' ? [request.input] : request.input;
    const promptTokens = countPromptTokens(inputs);
    return {
      spec: { promptTokens, outputTokens: 0 },
      stream: undefined,
      body: () => ({
        object: 'list',
        data: inputs.map((input, index) => ({ object: 'embedding', embedding: embed(input), index })),
        model: meta.model,
        usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
      }),
    };
  },
};
