import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { evaluateRun } from '../evaluate/evaluate.js';
import type { Summary } from '../evaluate/summary.js';
import type { JournalEvent } from '../journal/events.js';
import { readJournal } from '../journal/reader.js';

/** A run as the comparison reads it: its journal, judged again. */
export interface RunRecord {
  /** The run folder, when the run came from one. */
  dir?: string;
  events: JournalEvent[];
  summary: Summary;
}

/** Reads a run folder's journal and re-evaluates it (as `greenlight report` does). */
export async function loadRun(dir: string): Promise<RunRecord> {
  const journalPath = join(dir, 'journal.ndjson');
  if (!existsSync(journalPath))
    throw new InputError(`${dir}: no journal.ndjson here; expected a greenlight run folder`);
  const { events, truncated } = await readJournal(journalPath);
  return { dir, events, summary: evaluateRun(events, { journalTruncated: truncated }) };
}
