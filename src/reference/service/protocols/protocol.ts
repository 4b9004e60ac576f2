import type { ServiceFailure } from '../failures.js';
import type { ErrorFormat } from '../http-io.js';
import type { SequenceSpec, SequenceTiming } from '../scheduler.js';

/** Who answers: the served model, a unique serial for response ids, the arrival time. */
export interface ResponseMeta {
  model: string;
  serial: string;
  created: Date;
}

/** A sequence that ran to its end. */
export interface Generated {
  spec: SequenceSpec;
  /** The whole output text; empty for streamed answers (their tokens went out one by one). */
  text: string;
  timing: SequenceTiming;
}

/** Serialises one streamed answer frame by frame (SSE or NDJSON). */
export interface StreamEncoder {
  readonly contentType: string;
  token(text: string): string;
  finish(done: Generated): string;
  /** The error frame that ends a stream cut mid-way (preemption). */
  failure(failure: ServiceFailure): string;
}

/** A validated request: the work it costs and how its answer is shaped. */
export interface ParsedRequest {
  spec: SequenceSpec;
  /** Present when the client asked for a stream. */
  stream: StreamEncoder | undefined;
  /** The JSON body of an answer that is not streamed. */
  body(done: Generated): unknown;
}

/** One API endpoint family's request parsing and response shaping (OpenAI, Ollama). */
export interface Protocol {
  readonly errors: ErrorFormat;
  /** Throws an InputError (answered with 400) when the body has the wrong shape. */
  parse(body: unknown, meta: ResponseMeta): ParsedRequest;
}
