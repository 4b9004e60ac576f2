import type { RequestKind, WorkloadRequest } from './request-body.js';
import { BufferedReader } from './streams/buffered-reader.js';
import type { PayloadReader, ResponseReader } from './streams/measure.js';
import { readOllamaPayload } from './streams/ollama-payload.js';
import { readOpenAiPayload } from './streams/openai-payload.js';
import { StreamingReader, type StreamFraming } from './streams/streaming-reader.js';

/** How each kind's responses are framed when streamed, and how one payload is read. */
export const RESPONSE_PROTOCOLS: Record<RequestKind, { framing: StreamFraming; read: PayloadReader }> = {
  chat: { framing: 'sse', read: readOpenAiPayload },
  completions: { framing: 'sse', read: readOpenAiPayload },
  embeddings: { framing: 'sse', read: readOpenAiPayload },
  'ollama-generate': { framing: 'ndjson', read: readOllamaPayload },
  'ollama-chat': { framing: 'ndjson', read: readOllamaPayload },
};

/** The reader for a successful response to `request`, started at `startedAt` (ms). */
export function responseReader(request: WorkloadRequest, startedAt: number): ResponseReader {
  const protocol = RESPONSE_PROTOCOLS[request.kind];
  return request.stream
    ? new StreamingReader(protocol.framing, protocol.read, startedAt, request.conversation !== undefined)
    : new BufferedReader(protocol.read);
}
