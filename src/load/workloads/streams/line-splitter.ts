const LF = '\n';
const CR = '\r';

/**
 * Splits a byte stream into lines as chunks arrive. Lines end in LF, CRLF or a lone CR (what
 * SSE allows); a chunk may end anywhere, even inside a CRLF or a multi-byte UTF-8 character.
 * Lines are found with indexOf, not a loop over characters: a streamed answer is tens of lines
 * per response, and this is on the engine's hot path.
 */
export class LineSplitter {
  private readonly decoder = new Utf8Chunks();
  private partial = '';
  /** The previous chunk ended in CR: an LF at the start of the next one belongs to it. */
  private afterCarriageReturn = false;

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Uint8Array): void {
    this.pushText(this.decoder.decode(chunk));
  }

  /** True when no line is begun: the next text starts a line (and no CR of the last one is pending). */
  get atLineStart(): boolean {
    return this.partial === '' && !this.afterCarriageReturn;
  }

  /** Text already decoded (see Utf8Chunks), taken as push takes bytes. */
  pushText(text: string): void {
    if (text === '') return;
    let start = this.afterCarriageReturn && text.charCodeAt(0) === 0x0a ? 1 : 0;
    this.afterCarriageReturn = false;
    // Most streams never send a CR: then every line ends at the next LF.
    let nextCr = text.indexOf(CR, start);
    for (;;) {
      const nextLf = text.indexOf(LF, start);
      if (nextCr !== -1 && nextCr < start) nextCr = text.indexOf(CR, start);
      const end = nextCr === -1 ? nextLf : nextLf === -1 ? nextCr : Math.min(nextLf, nextCr);
      if (end === -1) break;
      const line = this.partial === '' ? text.slice(start, end) : this.partial + text.slice(start, end);
      this.partial = '';
      start = end + 1;
      if (end === nextCr) {
        if (start === text.length) this.afterCarriageReturn = true;
        else if (text.charCodeAt(start) === 0x0a) start++;
      }
      this.onLine(line);
    }
    if (start < text.length) this.partial += text.slice(start);
  }

  /** Ends the stream; returns the last line when it had no line ending ('' when none). */
  end(): string {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    return rest;
  }
}

/**
 * UTF-8 decoding of a chunked byte stream. TextDecoder's streaming mode costs several times
 * its plain mode, so it is used only while a character is split between chunks; a whole
 * Node Buffer is decoded by Buffer's own (faster) decoder.
 */
export class Utf8Chunks {
  private readonly decoder = new TextDecoder();
  /** The decoder holds the first bytes of a character split at the end of the last chunk. */
  private holding = false;

  decode(chunk: Uint8Array): string {
    // A chunk of continuation bytes only says nothing: the decoder may still be holding.
    const split = endsInsideCharacter(chunk) ?? this.holding;
    if (!this.holding && !split) return isNodeBuffer(chunk) ? chunk.toString('utf8') : this.decoder.decode(chunk);
    this.holding = split;
    return this.decoder.decode(chunk, { stream: true });
  }

  end(): string {
    this.holding = false;
    return this.decoder.decode();
  }
}

/** Buffer exists in Node only; this code is also bundled into the k6 script (which never streams). */
function isNodeBuffer(chunk: Uint8Array): chunk is Buffer {
  return typeof Buffer !== 'undefined' && Buffer.isBuffer(chunk);
}

/**
 * True when the chunk's last bytes are the start of a multi-byte character, not all of it;
 * undefined when it cannot tell (the chunk is continuation bytes only).
 */
function endsInsideCharacter(chunk: Uint8Array): boolean | undefined {
  for (let back = 1; back <= 4 && back <= chunk.length; back++) {
    const byte = chunk[chunk.length - back] as number;
    if (byte < 0x80) return false;
    // A lead byte says how long its character is; continuation bytes (10xxxxxx) are skipped.
    if (byte >= 0xc0) return back < (byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2);
  }
  return chunk.length >= 4 ? false : undefined;
}
