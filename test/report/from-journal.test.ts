import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRun } from '../../src/evaluate/evaluate.js';
import type { Summary } from '../../src/evaluate/summary.js';
import type { JournalEvent } from '../../src/journal/events.js';
import { buildChartTimeline } from '../../src/report/chart-timeline.js';
import { analyseJournal, reportFromJournal } from '../../src/report/from-journal.js';
import { baseExperiment, journal, routerState, steady } from '../support/journal-fixture.js';

/** Green fails from second 10 and the router moves to blue at 13: blue's buckets are all written first. */
const EVENTS = journal(baseExperiment, [
  routerState(0, 50, 50),
  ...steady('blue', 0, 40, 10),
  ...steady('green', 0, 10, 10),
  ...steady('green', 10, 13, 10, 5),
  routerState(13, 100, 0, 'green errors'),
]);

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'greenlight-from-journal-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function runFolder(name: string, events: readonly JournalEvent[], tail = ''): Promise<string> {
  const folder = join(root, name);
  await mkdir(folder, { recursive: true });
  await writeFile(
    join(folder, 'journal.ndjson'),
    `${events.map((event) => JSON.stringify(event)).join('\n')}\n${tail}`,
  );
  return folder;
}

describe('a report from a journal file', () => {
  it('sorts buckets written out of time order, and judges as the journal in memory', async () => {
    const folder = await runFolder('unordered', EVENTS);
    const { summary, timeline } = await analyseJournal(join(folder, 'journal.ndjson'));
    const inMemory = evaluateRun(EVENTS);
    expect(summary).toEqual(inMemory);
    expect(summary.rollback.rules[0]?.verdict).toBe('fired-in-time');
    expect(timeline).toEqual(buildChartTimeline(inMemory, EVENTS));
  });

  it('writes the three files, and says when the journal was cut off', async () => {
    const folder = await runFolder('torn', EVENTS, '{"type":"bucket","t":');
    const { summary, files } = await reportFromJournal(folder, join(folder, 'journal.ndjson'));
    expect(summary.journalTruncated).toBe(true);
    const written = JSON.parse(await readFile(files.summary, 'utf8')) as Summary;
    expect(written).toEqual(summary);
    await expect(readFile(files.html, 'utf8')).resolves.toContain('The journal was cut off');
    await expect(readFile(files.junit, 'utf8')).resolves.toContain('its journal was cut off');
  });

  it('refuses a file that is not a run journal', async () => {
    const folder = await runFolder('not-a-run', [{ type: 'halt', t: 0, reason: 'x' }]);
    await expect(analyseJournal(join(folder, 'journal.ndjson'))).rejects.toThrow(
      'the journal has no run.started event: not a greenlight run journal',
    );
  });
});
