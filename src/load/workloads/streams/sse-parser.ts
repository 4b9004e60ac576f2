import { LineSplitter } from './line-splitter.js';

/**
 * Server-sent events as the WHATWG spec frames them: `data:` lines (several join with '\n'),
 * `event:` names, comments, an event dispatched on a blank line. An event cut off before its
 * blank line is never dispatched.
 */
export class SseParser {
  private readonly lines: LineSplitter;
  private data: string[] = [];
  private eventName = '';

  constructor(onEvent: (data: string, eventName: string) => void) {
    this.lines = new LineSplitter((line) => {
      if (line === '') {
        if (this.data.length > 0) onEvent(this.data.join('\n'), this.eventName || 'message');
        this.data = [];
        this.eventName = '';
        return;
      }
      if (line.startsWith(':')) return;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') this.data.push(value);
      else if (field === 'event') this.eventName = value;
    });
  }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk);
  }

  end(): void {
    this.lines.end();
    this.data = [];
    this.eventName = '';
  }
}
