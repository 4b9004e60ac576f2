import { closeSync, openSync, writeSync } from 'node:fs';
import type { JournalEvent, JournalSink } from './events.js';

/**
 * Appends events to journal.ndjson as they happen: one synchronous write per event (events
 * come a few per second), so a killed run loses at most the last second. Appends after close()
 * are dropped.
 */
export class JournalWriter implements JournalSink {
  private fd: number | undefined;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  append(event: JournalEvent): void {
    if (this.fd !== undefined) writeSync(this.fd, `${JSON.stringify(event)}\n`);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
