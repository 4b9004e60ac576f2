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
    body: bodyOf(draw),
    stream: draw.stream,
    promptTokens: draw.promptTokens,
    maxTokens: draw.maxTokens,
  };
}

/**
 * The JSON body of a request, written field by field with every value through JSON.stringify:
 * the same text as JSON.stringify of the body object, at a quarter of its cost (the body is
 * built once per request on the engine's hot path).
 */
function bodyOf(draw: RequestDraw): string {
  const model = JSON.stringify(draw.model);
  const prompt = JSON.stringify(draw.prompt);
  const messages = draw.messages ? JSON.stringify(draw.messages) : `[{"role":"user","content":${prompt}}]`;
  const stream = draw.stream ? 'true' : 'false';
  // OpenAI sends token usage in a stream only when asked to.
  const usage = draw.stream ? ',"stream_options":{"include_usage":true}' : '';
  switch (draw.kind) {
    case 'chat':
      return `{"model":${model},"messages":${messages},"max_tokens":${draw.maxTokens},"stream":${stream}${usage}}`;
    case 'completions':
      return `{"model":${model},"prompt":${prompt},"max_tokens":${draw.maxTokens},"stream":${stream}${usage}}`;
    case 'embeddings':
      return `{"model":${model},"input":${prompt}}`;
    case 'ollama-generate':
      return `{"model":${model},"prompt":${prompt},"stream":${stream},"options":{"num_predict":${draw.maxTokens}}}`;
    case 'ollama-chat':
      return `{"model":${model},"messages":${messages},"stream":${stream},"options":{"num_predict":${draw.maxTokens}}}`;
  }
}
