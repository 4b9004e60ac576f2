import type { PayloadReader, ResponseMeasure, ResponseReader } from './measure.js';

/** Reads a non-streamed response: the whole body is one payload, read when it has arrived. */
export class BufferedReader implements ResponseReader {
  private readonly chunks: Uint8Array[] = [];

  constructor(private readonly read: PayloadReader) {}

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
  }

  end(): ResponseMeasure {
    // A body that arrived in one chunk is decoded where it lies, not copied first.
    const only = this.chunks.length === 1 ? (this.chunks[0] as Uint8Array) : undefined;
    const body = only ? Buffer.from(only.buffer, only.byteOffset, only.byteLength) : Buffer.concat(this.chunks);
    const reading = this.read(body.toString('utf8'));
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
