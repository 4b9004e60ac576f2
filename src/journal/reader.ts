import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputError } from '../errors.js';
import type { JournalEvent } from './events.js';

export interface JournalContents {
  events: JournalEvent[];
  /** True when the last line was cut off (the run was killed mid-write); it is skipped. */
  truncated: boolean;
}

/**
 * Reads a journal line by line, handing each event to `onEvent` and keeping none: a 24-hour
 * journal is a few hundred MB. A torn last line is tolerated (`truncated`), a malformed line
 * elsewhere is an error.
 */
export async function streamJournal(
  path: string,
  onEvent: (event: JournalEvent) => void,
): Promise<{ truncated: boolean }> {
  let pendingError: string | undefined;
  let lineNumber = 0;
  /** Set while `onEvent` runs: its errors are its own, not the file's. */
  let handling = false;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      if (pendingError) throw new InputError(pendingError);
      let event: JournalEvent;
      try {
        event = JSON.parse(line) as JournalEvent;
      } catch {
        pendingError = `${path}:${lineNumber}: not a JSON journal event`;
        continue;
      }
      handling = true;
      onEvent(event);
      handling = false;
    }
  } catch (error) {
    if (error instanceof InputError || handling) throw error;
    throw new InputError(`${path}: cannot read the journal (${(error as Error).message})`, { cause: error });
  }
  return { truncated: pendingError !== undefined };
}

/** Reads a whole journal into memory (short runs; long ones go through streamJournal). */
export async function readJournal(path: string): Promise<JournalContents> {
  const events: JournalEvent[] = [];
  const { truncated } = await streamJournal(path, (event) => events.push(event));
  return { events, truncated };
}
