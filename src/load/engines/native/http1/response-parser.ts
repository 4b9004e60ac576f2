/** What a parsed response head says, as the connection needs it. */
export interface ResponseHead {
  status: number;
  /** [name, value, name, value, …] as the server spelled them. */
  headers: string[];
  /** The connection may carry another exchange after this response (RFC 9112 §9.3). */
  keepAlive: boolean;
}

export interface ResponseEvents {
  /** A final (non-1xx) response head; interim 1xx responses are skipped. */
  onHead(head: ResponseHead): void;
  onBody(chunk: Buffer): void;
  onEnd(): void;
}

/** The response is not HTTP/1.x as RFC 9112 frames it; the connection cannot be trusted after it. */
export class MalformedResponseError extends Error {
  constructor(detail: string) {
    super(`malformed HTTP response: ${detail}`);
    this.name = 'MalformedResponseError';
  }
}

const LF = 0x0a;
const CR = 0x0d;
/** A head larger than this is refused (servers send a few hundred bytes). */
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_CHUNK_LINE_BYTES = 4096;

/** Where the parser is in a response: its head, a body framed one of three ways, or a chunk's parts. */
type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close';

/**
 * Reads HTTP/1.1 responses from a connection's bytes: the status line and headers, then the
 * body framed by Content-Length, chunked transfer coding (extensions and trailers skipped), or
 * the close of the connection; 1xx interim responses are skipped, 204 and 304 have no body.
 * Line ends may be CRLF or a bare LF (RFC 9112 §2.2 lets a recipient accept both).
 *
 * Written for the load engine's hot path instead of using http-parser-js: profiling the closed
 * loop showed that library's per-line regular expressions and string slices as 27 % of the
 * engine's own CPU per request. Here the head is found with Buffer.indexOf, decoded once, and
 * only the framing headers are looked at; body bytes are handed on as views, never copied.
 */
export class ResponseParser {
  // Plain fields, not a state object per step: a streamed token is a chunk of its own.
  private state: State = 'head';
  /** Body bytes still to come: of the Content-Length body, or of the current chunk. */
  private remaining = 0;
  /** The start of a head or a chunk line that arrived split over several reads. */
  private partial: Buffer | undefined;
  /** Set by `line()`: where the line's text ends and the next one starts. */
  private lineText = 0;
  private lineNext = 0;

  constructor(private readonly events: ResponseEvents) {}

  /** Takes the next bytes of the connection. Throws MalformedResponseError. */
  execute(chunk: Buffer): void {
    let data = chunk;
    if (this.partial) {
      data = Buffer.concat([this.partial, chunk]);
      this.partial = undefined;
    }
    let at = 0;
    while (at < data.length) {
      switch (this.state) {
        case 'head':
          at = this.head(data, at);
          break;
        case 'length':
        case 'chunk-data': {
          const take = Math.min(this.remaining, data.length - at);
          this.events.onBody(data.subarray(at, at + take));
          at += take;
          this.remaining -= take;
          if (this.remaining > 0) break;
          if (this.state === 'length') this.end();
          else this.state = 'chunk-end';
          break;
        }
        case 'chunk-size':
          at = this.chunkSize(data, at);
          break;
        case 'chunk-end':
          at = this.chunkEnd(data, at);
          break;
        case 'trailers':
          at = this.trailers(data, at);
          break;
        case 'until-close':
          this.events.onBody(data.subarray(at));
          at = data.length;
          break;
      }
    }
  }

  /** The server closed the connection: a body that runs until the close has ended. */
  finish(): void {
    if (this.state === 'until-close') this.end();
  }

  private head(data: Buffer, at: number): number {
    const end = headEnd(data, at);
    if (end === undefined) {
      if (data.length - at > MAX_HEAD_BYTES) throw new MalformedResponseError('the head is larger than 64 KiB');
      this.partial = data.subarray(at);
      return data.length;
    }
    const parsed = parseHead(data.toString('latin1', at, end.text));
    if (parsed.status < 200) return end.next; // interim 1xx: the real answer follows
    this.events.onHead(parsed);
    if (parsed.chunked) this.state = 'chunk-size';
    else if (parsed.length === undefined) this.state = 'until-close';
    else if (parsed.length === 0) this.end();
    else {
      this.state = 'length';
      this.remaining = parsed.length;
    }
    return end.next;
  }

  private chunkSize(data: Buffer, at: number): number {
    if (!this.line(data, at)) return data.length;
    // Hex digits, then optional whitespace and `;extensions`, read straight from the bytes.
    let size = 0;
    let index = at;
    for (; index < this.lineText; index++) {
      const digit = hexValue(data[index] as number);
      if (digit < 0) break;
      size = size * 16 + digit;
    }
    const rest = index < this.lineText ? data[index] : undefined;
    if (index === at || index - at > 12 || (rest !== undefined && rest !== 0x3b && rest !== 0x20 && rest !== 0x09)) {
      throw new MalformedResponseError(`bad chunk size "${data.toString('latin1', at, this.lineText)}"`);
    }
    this.state = size === 0 ? 'trailers' : 'chunk-data';
    this.remaining = size;
    return this.lineNext;
  }

  private chunkEnd(data: Buffer, at: number): number {
    if (!this.line(data, at)) return data.length;
    if (this.lineText !== at) throw new MalformedResponseError('chunk data longer than its size');
    this.state = 'chunk-size';
    return this.lineNext;
  }

  private trailers(data: Buffer, at: number): number {
    if (!this.line(data, at)) return data.length;
    if (this.lineText === at) this.end();
    return this.lineNext;
  }

  /** Finds the line starting at `at` (sets lineText and lineNext); false, keeping the bytes, until it is whole. */
  private line(data: Buffer, at: number): boolean {
    const lf = data.indexOf(LF, at);
    if (lf === -1) {
      if (data.length - at > MAX_CHUNK_LINE_BYTES) throw new MalformedResponseError('a chunk line is too long');
      this.partial = data.subarray(at);
      return false;
    }
    this.lineText = lf > at && data[lf - 1] === CR ? lf - 1 : lf;
    this.lineNext = lf + 1;
    return true;
  }

  /** The response ended; the next bytes are the head of the next one. */
  private end(): void {
    this.state = 'head';
    this.events.onEnd();
  }
}

/** The value of an ASCII hex digit, -1 for any other byte. */
function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  return -1;
}

/** Where the head starting at `at` ends (the empty line): its text's end, and the body's start. */
function headEnd(data: Buffer, at: number): { text: number; next: number } | undefined {
  for (let lf = data.indexOf(LF, at); lf !== -1; lf = data.indexOf(LF, lf + 1)) {
    if (data[lf + 1] === LF) return { text: lf, next: lf + 2 };
    if (data[lf + 1] === CR && data[lf + 2] === LF) return { text: lf, next: lf + 3 };
  }
  return undefined;
}

interface ParsedHead extends ResponseHead {
  chunked: boolean;
  length: number | undefined;
}

const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: |$)/;

/** The status line and header fields of a head (latin1 text, without its empty last line). */
function parseHead(text: string): ParsedHead {
  let lineEnd = text.indexOf('\n');
  if (lineEnd === -1) lineEnd = text.length;
  const statusLine = text.slice(0, textEnd(text, 0, lineEnd));
  const version = STATUS_LINE.exec(statusLine);
  if (!version) {
    throw new MalformedResponseError(
      `expected a status line such as "HTTP/1.1 200 OK", got "${statusLine.slice(0, 60)}"`,
    );
  }
  const headers: string[] = [];
  let connection = '';
  let transferEncoding: string | undefined;
  let length: number | undefined;
  for (let start = lineEnd + 1; start < text.length; start = lineEnd + 1) {
    lineEnd = text.indexOf('\n', start);
    if (lineEnd === -1) lineEnd = text.length;
    const end = textEnd(text, start, lineEnd);
    const first = text.charCodeAt(start);
    if (first === 0x20 || first === 0x09)
      throw new MalformedResponseError('a folded header line (obsolete line folding)');
    const colon = text.indexOf(':', start);
    if (colon <= start || colon >= end) {
      throw new MalformedResponseError(
        `expected a header field "name: value", got "${text.slice(start, end).slice(0, 60)}"`,
      );
    }
    const name = text.slice(start, colon);
    const value = text.slice(colon + 1, end).trim();
    headers.push(name, value);
    // Only the framing fields are looked at; their lengths rule out the rest without lowercasing.
    if (name.length === 14 && name.toLowerCase() === 'content-length') {
      if (!/^\d+$/.test(value) || (length !== undefined && length !== Number(value))) {
        throw new MalformedResponseError(`bad Content-Length "${value}"`);
      }
      length = Number(value);
    } else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') {
      transferEncoding = transferEncoding === undefined ? value : `${transferEncoding}, ${value}`;
    } else if (name.length === 10 && name.toLowerCase() === 'connection') {
      connection += `${value.toLowerCase()},`;
    }
  }
  const status = Number(version[2]);
  const persistent =
    version[1] === '1' ? !/(?:^|,)\s*close\s*,/.test(connection) : /(?:^|,)\s*keep-alive\s*,/.test(connection);
  // 1xx, 204 and 304 have no body whatever the headers say (RFC 9112 §6.3).
  if (status < 200 || status === 204 || status === 304) {
    return { status, headers, keepAlive: persistent, chunked: false, length: 0 };
  }
  // Transfer-Encoding overrides Content-Length; a coding list not ending in chunked runs until the close.
  if (transferEncoding !== undefined) {
    const chunked = /(?:^|,)\s*chunked\s*$/i.test(transferEncoding);
    return { status, headers, keepAlive: chunked && persistent, chunked, length: undefined };
  }
  return { status, headers, keepAlive: length !== undefined && persistent, chunked: false, length };
}

/** Where the text of the line [start, lineEnd) ends: before its CR, if it has one. */
function textEnd(text: string, start: number, lineEnd: number): number {
  return lineEnd > start && text.charCodeAt(lineEnd - 1) === 0x0d ? lineEnd - 1 : lineEnd;
}
