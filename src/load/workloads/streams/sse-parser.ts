import { LineSplitter } from './line-splitter.js';

const DATA_PREFIX = 'data: ';

/**
 * Server-sent events as the WHATWG spec frames them: `data:` lines (several join with '\n'),
 * `event:` names, comments, an event dispatched on a blank line. An event cut off before its
 * blank line is never dispatched.
 */
export class SseParser {
  private readonly lines: LineSplitter;
  /** The event's data so far; undefined until its first `data` line. */
  private data: string | undefined;
  private eventName = '';

  constructor(private readonly onEvent: (data: string, eventName: string) => void) {
    this.lines = new LineSplitter((line) => this.line(line));
  }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk);
  }

  end(): void {
    this.lines.end();
    this.data = undefined;
    this.eventName = '';
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
