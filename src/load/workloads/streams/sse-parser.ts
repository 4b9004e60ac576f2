import { LineSplitter, Utf8Chunks } from './line-splitter.js';

const DATA_PREFIX = 'data: ';

/**
 * Server-sent events as the WHATWG spec frames them: `data:` lines (several join with '\n'),
 * `event:` names, comments, an event dispatched on a blank line. An event cut off before its
 * blank line is never dispatched.
 */
export class SseParser {
  private readonly decoder = new Utf8Chunks();
  private readonly lines: LineSplitter;
  /** The event's data so far; undefined until its first `data` line. */
  private data: string | undefined;
  private eventName = '';

  constructor(private readonly onEvent: (data: string, eventName: string) => void) {
    this.lines = new LineSplitter((line) => this.line(line));
  }

  push(chunk: Uint8Array): void {
    const text = this.decoder.decode(chunk);
    this.lines.pushText(this.eventsOfOneDataLine(text));
  }

  end(): void {
    this.lines.pushText(this.decoder.end());
    this.lines.end();
    this.data = undefined;
    this.eventName = '';
  }

  /**
   * The usual shape of an AI stream, events of one `data: …` line ended by a blank line with LF
   * line ends, is dispatched straight from the text; what follows the first other shape goes
   * through the lines. Only taken at the start of a line with no event begun, so it reads
   * exactly what the lines would.
   */
  private eventsOfOneDataLine(text: string): string {
    if (!this.lines.atLineStart || this.data !== undefined || this.eventName !== '' || text.includes('\r')) return text;
    let at = 0;
    for (;;) {
      const end = text.indexOf('\n\n', at);
      if (end === -1 || !text.startsWith(DATA_PREFIX, at) || text.indexOf('\n', at) !== end) break;
      this.onEvent(text.slice(at + DATA_PREFIX.length, end), 'message');
      at = end + 2;
    }
    return at === 0 ? text : text.slice(at);
  }

  private line(line: string): void {
    // The usual line of an AI stream, `data: {…}`, is recognised before the general case.
    if (line.startsWith(DATA_PREFIX)) return this.addData(line.slice(DATA_PREFIX.length));
    if (line === '') {
      if (this.data !== undefined) this.onEvent(this.data, this.eventName || 'message');
      this.data = undefined;
      this.eventName = '';
      return;
    }
    if (line.charCodeAt(0) === 0x3a) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    if (field === 'data') this.addData(value);
    else if (field === 'event') this.eventName = value;
  }

  private addData(value: string): void {
    this.data = this.data === undefined ? value : `${this.data}\n${value}`;
  }
}
