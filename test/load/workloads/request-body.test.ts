import { describe, expect, it } from 'vitest';
import { REQUEST_KINDS } from '../../../src/experiment/load-schema.js';
import { buildRequest, type RequestDraw } from '../../../src/load/workloads/request-body.js';

/** Each kind's body as an object, in the field order the services' docs show. */
function expectedBody(draw: RequestDraw): unknown {
  const messages = draw.messages ?? [{ role: 'user', content: draw.prompt }];
  const usage = draw.stream ? { stream_options: { include_usage: true } } : {};
  switch (draw.kind) {
    case 'chat':
      return { model: draw.model, messages, max_tokens: draw.maxTokens, stream: draw.stream, ...usage };
    case 'completions':
      return { model: draw.model, prompt: draw.prompt, max_tokens: draw.maxTokens, stream: draw.stream, ...usage };
    case 'embeddings':
      return { model: draw.model, input: draw.prompt };
    case 'ollama-generate':
      return { model: draw.model, prompt: draw.prompt, stream: draw.stream, options: { num_predict: draw.maxTokens } };
    case 'ollama-chat':
      return { model: draw.model, messages, stream: draw.stream, options: { num_predict: draw.maxTokens } };
  }
}

describe('request bodies', () => {
  const prompts = ['alpha bridge', 'quotes " and \\ backslash', 'new\nline\ttab \u0001 and é ✓ 🚀'];
  const cases = REQUEST_KINDS.flatMap((kind) =>
    [true, false].flatMap((stream) =>
      prompts.flatMap((prompt) => [
        { kind, model: 'org/"model"', prompt, promptTokens: 3, maxTokens: 64, stream },
        {
          kind,
          model: 'm',
          prompt,
          messages: [
            { role: 'system', content: 'Be "brief".' },
            { role: 'user', content: prompt },
          ],
          promptTokens: 5,
          maxTokens: 1,
          stream,
        },
      ]),
    ),
  ) satisfies RequestDraw[];

  it.each(cases.map((draw) => [`${draw.kind}, stream ${draw.stream}`, draw] as const))(
    '%s: the exact text JSON.stringify writes for the body',
    (_name, draw) => {
      expect(buildRequest(draw).body).toBe(JSON.stringify(expectedBody(draw)));
    },
  );
});
