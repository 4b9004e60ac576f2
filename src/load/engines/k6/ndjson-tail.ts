import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

const READ_CHUNK = 1 << 16;

/**
 * Reads whole lines a writer appends to a file, from where it stopped last time. The file may
 * not exist yet (k6 creates it once it starts); a last line without its newline is held back
 * until it is finished, or handed over by `drain({ final: true })` once the writer has exited.
 */
export class NdjsonTail {
  private handle: FileHandle | undefined;
  private offset = 0;
  private pending = '';
  // A multi-byte character split between two reads is kept whole.
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly path: string) {}

  async drain(onLine: (line: string) => void, options: { final?: boolean } = {}): Promise<void> {
    this.handle ??= await open(this.path, 'r').catch(() => undefined);
    if (!this.handle) return;
    const buffer = Buffer.alloc(READ_CHUNK);
    for (;;) {
      const { bytesRead } = await this.handle.read(buffer, 0, READ_CHUNK, this.offset);
      if (bytesRead === 0) break;
      this.offset += bytesRead;
      this.pending += this.decoder.write(buffer.subarray(0, bytesRead));
      const lines = this.pending.split('\n');
      this.pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') onLine(line);
    }
    if (options.final && this.pending.trim() !== '') {
      onLine(this.pending);
      this.pending = '';
    }
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }
}
