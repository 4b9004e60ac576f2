const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into lines as chunks arrive. Lines end in LF, CRLF or a lone CR (what
 * SSE allows); a chunk may end anywhere, even inside a CRLF or a multi-byte UTF-8 character.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder();
  private partial = '';
  /** The previous chunk ended in CR: an LF at the start of the next one belongs to it. */
  private afterCarriageReturn = false;

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Uint8Array): void {
    const text = this.decoder.decode(chunk, { stream: true });
    if (text === '') return;
    let start = this.afterCarriageReturn && text.charCodeAt(0) === LF ? 1 : 0;
    this.afterCarriageReturn = false;
    for (let i = start; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== LF && code !== CR) continue;
      const line = this.partial + text.slice(start, i);
      this.partial = '';
      if (code === CR) {
        if (i + 1 === text.length) this.afterCarriageReturn = true;
        else if (text.charCodeAt(i + 1) === LF) i++;
      }
      start = i + 1;
      this.onLine(line);
    }
    this.partial += text.slice(start);
  }

  /** Ends the stream; returns the last line when it had no line ending ('' when none). */
  end(): string {
    const rest = this.partial + this.decoder.decode();
    this.partial = '';
    return rest;
  }
}
