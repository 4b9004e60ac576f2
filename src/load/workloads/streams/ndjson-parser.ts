import { LineSplitter } from './line-splitter.js';

/**
 * Newline-delimited JSON: one value per line, lines split across chunks anywhere, blank lines
 * skipped. Lines are handed over as text; a final line without a newline still counts.
 */
export class NdjsonParser {
  private readonly lines: LineSplitter;

  constructor(private readonly onLine: (line: string) => void) {
    this.lines = new LineSplitter((line) => this.emit(line));
  }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk);
  }

  end(): void {
    this.emit(this.lines.end());
  }

  private emit(line: string): void {
    if (line.trim() !== '') this.onLine(line);
  }
}
