import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputError } from '../errors.js';
import type { JournalEvent } from './events.js';

export interface JournalContents {
  events: JournalEvent[];
  /** True when the last line was cut off (the run was killed mid-write); it is skipped. */
  truncated: boolean;
}

/** Reads a journal; a torn last line is tolerated, a malformed line elsewhere is an error. */
export async function readJournal(path: string): Promise<JournalContents> {
  const events: JournalEvent[] = [];
  let pendingError: string | undefined;
  let lineNumber = 0;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      if (pendingError) throw new InputError(pendingError);
      try {
        events.push(JSON.parse(line) as JournalEvent);
      } catch {
        pendingError = `${path}:${lineNumber}: not a JSON journal event`;
      }
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: cannot read the journal (${(error as Error).message})`, { cause: error });
  }
  return { events, truncated: pendingError !== undefined };
}
