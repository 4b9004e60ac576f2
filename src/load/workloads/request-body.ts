import type { RequestSpec } from '../../experiment/load-schema.js';
import type { ChatMessage } from './dataset.js';

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
  /** Set on a turn that a later turn continues: the sampler takes its answer back. */
  conversation?: Conversation;
}

/** A multi-turn conversation in progress: the messages so far and the turns still to send. */
export interface Conversation {
  messages: ChatMessage[];
  promptTokens: number;
  turnsLeft: number;
}

/** What a request of some kind looks like once its random parts are drawn. */
export interface RequestDraw {
  kind: RequestKind;
  model: string;
  prompt: string;
  /** Chat kinds send these when given (a dataset's conversation), else one user message with the prompt. */
  messages?: readonly ChatMessage[];
  promptTokens: number;
  maxTokens: number;
  stream: boolean;
}

const PATHS: Record<RequestKind, string> = {
  chat: '/v1/chat/completions',
  completions: '/v1/completions',
  embeddings: '/v1/embeddings',
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
  const messages = draw.messages ?? [{ role: 'user', content: draw.prompt }];
  switch (draw.kind) {
    case 'chat':
      return withUsageWhenStreamed({ model: draw.model, messages, max_tokens: draw.maxTokens, stream: draw.stream });
    case 'completions':
      return withUsageWhenStreamed({
        model: draw.model,
        prompt: draw.prompt,
        max_tokens: draw.maxTokens,
        stream: draw.stream,
      });
    case 'embeddings':
      return { model: draw.model, input: draw.prompt };
    case 'ollama-generate':
      return { model: draw.model, prompt: draw.prompt, stream: draw.stream, options: { num_predict: draw.maxTokens } };
    case 'ollama-chat':
      return { model: draw.model, messages, stream: draw.stream, options: { num_predict: draw.maxTokens } };
  }
}

/** OpenAI sends token usage in a stream only when asked to. */
function withUsageWhenStreamed(body: Record<string, unknown> & { stream: boolean }): Record<string, unknown> {
  if (body.stream) body['stream_options'] = { include_usage: true };
  return body;
}
