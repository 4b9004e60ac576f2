import type { PayloadReader, ResponseMeasure, ResponseReader } from './measure.js';

/** Reads a non-streamed response: the whole body is one payload, read when it has arrived. */
export class BufferedReader implements ResponseReader {
  private readonly chunks: Uint8Array[] = [];

  constructor(private readonly read: PayloadReader) {}

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
  }

  end(): ResponseMeasure {
    const reading = this.read(Buffer.concat(this.chunks).toString('utf8'));
    return {
      ttftMs: undefined,
      itlMs: [],
      inputTokens: reading.inputTokens ?? 0,
      outputTokens: reading.outputTokens ?? 0,
      outputTokenSource: reading.outputTokens === undefined ? 'none' : 'usage',
      text: reading.content ?? '',
      failure: reading.error === undefined ? undefined : { errorClass: 'bad-response', detail: reading.error },
    };
  }
}
