import type { RequestSpec } from '../../experiment/load-schema.js';

export type RequestKind = RequestSpec['kind'];

/** One concrete request of the workload, ready to send. */
export interface WorkloadRequest {
  kind: RequestKind;
  /** Path below the target's base URL, e.g. /v1/chat/completions. */
  path: string;
  /** JSON body. */
  body: string;
  stream: boolean;
  promptTokens: number;
  maxTokens: number;
}

/** What a request of some kind looks like once its random parts are drawn. */
export interface RequestDraw {
  kind: RequestKind;
  model: string;
  prompt: string;
  promptTokens: number;
  maxTokens: number;
  stream: boolean;
}

const PATHS: Record<RequestKind, string> = {
  chat: '/v1/chat/completions',
  'ollama-generate': '/api/generate',
  'ollama-chat': '/api/chat',
};

export function buildRequest(draw: RequestDraw): WorkloadRequest {
  return {
    kind: draw.kind,
    path: PATHS[draw.kind],
    body: JSON.stringify(bodyOf(draw)),
    stream: draw.stream,
    promptTokens: draw.promptTokens,
    maxTokens: draw.maxTokens,
  };
}

function bodyOf(draw: RequestDraw): Record<string, unknown> {
  const messages = [{ role: 'user', content: draw.prompt }];
  switch (draw.kind) {
    case 'chat':
      return {
        model: draw.model,
        messages,
        max_tokens: draw.maxTokens,
        stream: draw.stream,
        ...(draw.stream ? { stream_options: { include_usage: true } } : {}),
      };
    case 'ollama-generate':
      return { model: draw.model, prompt: draw.prompt, stream: draw.stream, options: { num_predict: draw.maxTokens } };
    case 'ollama-chat':
      return { model: draw.model, messages, stream: draw.stream, options: { num_predict: draw.maxTokens } };
  }
}
