import { contentTemplateReader } from './content-template.js';
import type { BodyErrorClass, PayloadReader, PayloadReading, ResponseMeasure, ResponseReader } from './measure.js';
import { NdjsonParser } from './ndjson-parser.js';
import { SseParser } from './sse-parser.js';

export type StreamFraming = 'sse' | 'ndjson';

/**
 * Measures a streamed response as it arrives: time to the first content token, every gap
 * between content chunks, token counts (the service's when it sends them, else one per content
 * chunk), an error reported mid-stream, and a stream that ends before its terminator.
 */
export class StreamingReader implements ResponseReader {
  private readonly framing: { push(chunk: Uint8Array): void; end(): void };
  private nowMs = 0;
  private firstContentAt: number | undefined;
  private lastContentAt: number | undefined;
  private readonly itlMs: number[] = [];
  private contentChunks = 0;
  private text = '';
  private inputTokens: number | undefined;
  private outputTokens: number | undefined;
  private failure: { errorClass: BodyErrorClass; detail: string } | undefined;
  private done = false;

  /**
   * `keepText: false` when nobody needs the generated text (only a conversation's next turn
   * does): then it is not built up chunk by chunk.
   */
  constructor(
    framing: StreamFraming,
    payloadReader: PayloadReader,
    private readonly startedAt: number,
    private readonly keepText = true,
  ) {
    const read = contentTemplateReader(payloadReader);
    this.framing =
      framing === 'sse'
        ? new SseParser((data, eventName) => this.take(eventName === 'error' ? { error: data } : read(data)))
        : new NdjsonParser((line) => this.take(read(line)));
  }

  push(chunk: Uint8Array, nowMs: number): void {
    this.nowMs = nowMs;
    this.framing.push(chunk);
  }

  end(): ResponseMeasure {
    this.framing.end();
    if (!this.done) this.fail('stream-cut', 'the stream ended before its terminator');
    return {
      ttftMs: this.firstContentAt === undefined ? undefined : this.firstContentAt - this.startedAt,
      itlMs: this.itlMs,
      inputTokens: this.inputTokens ?? 0,
      outputTokens: this.outputTokens ?? this.contentChunks,
      outputTokenSource: this.outputTokens === undefined ? 'chunks' : 'usage',
      text: this.text,
      failure: this.failure,
    };
  }

  private take(reading: PayloadReading): void {
    if (reading.error !== undefined) this.fail('stream-error', reading.error);
    if (reading.content) {
      if (this.keepText) this.text += reading.content;
      this.contentArrived();
    }
    if (reading.inputTokens !== undefined) this.inputTokens = reading.inputTokens;
    if (reading.outputTokens !== undefined) this.outputTokens = reading.outputTokens;
    if (reading.done) this.done = true;
  }

  private contentArrived(): void {
    this.contentChunks++;
    if (this.lastContentAt === undefined) this.firstContentAt = this.nowMs;
    else this.itlMs.push(this.nowMs - this.lastContentAt);
    this.lastContentAt = this.nowMs;
  }

  private fail(errorClass: BodyErrorClass, detail: string): void {
    this.failure ??= { errorClass, detail };
  }
}
