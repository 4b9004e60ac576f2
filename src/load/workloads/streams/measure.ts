/** What one payload of a response body (an SSE event, an NDJSON line, a whole JSON body) says. */
export interface PayloadReading {
  /** Generated text in this payload; only non-empty text counts as a token arriving. */
  content?: string;
  inputTokens?: number;
  outputTokens?: number;
  /** The service reported an error. */
  error?: string;
  /** The stream's terminator ([DONE], done: true). */
  done?: boolean;
}

export type PayloadReader = (payload: string) => PayloadReading;

/** Where the output token count came from: the service's own count, or counting chunks. */
export type OutputTokenSource = 'usage' | 'chunks' | 'none';

/** Error classes a response body can end with, beside the HTTP status. */
export type BodyErrorClass = 'stream-error' | 'stream-cut' | 'bad-response';

/** What the engine learns from one response body. Times are milliseconds. */
export interface ResponseMeasure {
  /** Request start → first non-empty content token; only for streamed responses. */
  ttftMs: number | undefined;
  /** Every gap between consecutive content chunks (pooled per request, as vLLM and SGLang do). */
  itlMs: number[];
  inputTokens: number;
  outputTokens: number;
  outputTokenSource: OutputTokenSource;
  /** The generated text (a conversation's next turn carries it). */
  text: string;
  failure: { errorClass: BodyErrorClass; detail: string } | undefined;
}

/** Consumes a response body chunk by chunk as it arrives. */
export interface ResponseReader {
  push(chunk: Uint8Array, nowMs: number): void;
  end(): ResponseMeasure;
}
