import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { JournalEvent } from '../../src/journal/events.js';
import { readJournal, streamJournal } from '../../src/journal/reader.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'greenlight-reader-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function journalFile(name: string, text: string): Promise<string> {
  const path = join(root, name);
  await writeFile(path, text);
  return path;
}

const PHASE = { type: 'phase.started', t: 1000, name: 'baseline', durationMs: 10_000 };
const HALT = { type: 'halt', t: 2000, reason: 'blue down' };

describe('reading a journal', () => {
  it('hands over every event in order, keeping none', async () => {
    const path = await journalFile('whole.ndjson', `${JSON.stringify(PHASE)}\n\n${JSON.stringify(HALT)}\n`);
    const seen: JournalEvent[] = [];
    await expect(streamJournal(path, (event) => seen.push(event))).resolves.toEqual({ truncated: false });
    expect(seen).toEqual([PHASE, HALT]);
    await expect(readJournal(path)).resolves.toEqual({ events: [PHASE, HALT], truncated: false });
  });

  it('skips a torn last line, the trace of a run killed mid-write', async () => {
    const path = await journalFile('torn.ndjson', `${JSON.stringify(PHASE)}\n{"type":"bucket","t":10`);
    await expect(readJournal(path)).resolves.toEqual({ events: [PHASE], truncated: true });
  });

  it('refuses a malformed line before the last, naming the file and the line', async () => {
    const path = await journalFile('broken.ndjson', `${JSON.stringify(PHASE)}\nnot json\n${JSON.stringify(HALT)}\n`);
    const reading = readJournal(path);
    await expect(reading).rejects.toBeInstanceOf(InputError);
    await expect(reading).rejects.toThrow(`${path}:2: not a JSON journal event`);
  });

  it('lets an error of the event handler through as it is, not as a reading error', async () => {
    const path = await journalFile('handled.ndjson', `${JSON.stringify(PHASE)}\n`);
    const bug = new TypeError('a bug in the evaluator');
    await expect(
      streamJournal(path, () => {
        throw bug;
      }),
    ).rejects.toBe(bug);
  });

  it('says which file it could not read', async () => {
    const missing = join(root, 'missing.ndjson');
    await expect(readJournal(missing)).rejects.toThrow(`${missing}: cannot read the journal`);
  });
});
