import { closeSync, openSync, writeSync } from 'node:fs';
import type { JournalEvent, JournalSink } from './events.js';

export type JournalListener = (event: JournalEvent) => void;

/**
 * Appends events to journal.ndjson as they happen (one synchronous write per event: events
 * come a few per second, and a killed run must lose at most the last second) and tells
 * in-process listeners (progress line, halt watcher).
 */
export class JournalWriter implements JournalSink {
  private fd: number | undefined;
  private readonly listeners = new Set<JournalListener>();

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  append(event: JournalEvent): void {
    if (this.fd !== undefined) writeSync(this.fd, `${JSON.stringify(event)}\n`);
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: JournalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
