import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/evaluate/summary.js';
import { writeReport } from '../../src/report/write.js';
import { buildFixture } from './fixture.js';
import { findAll, parseXml } from './xml.js';

describe('writeReport', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'greenlight-report-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes index.html, summary.json and junit.xml into the run folder', async () => {
    const { summary, events } = buildFixture();
    const runDir = join(root, 'reports', summary.runId);

    const files = await writeReport(runDir, summary, events);

    expect(files).toEqual({
      html: join(runDir, 'index.html'),
      summary: join(runDir, 'summary.json'),
      junit: join(runDir, 'junit.xml'),
    });
    expect((await readdir(runDir)).sort()).toEqual(['index.html', 'junit.xml', 'summary.json']);
    const json = await readFile(files.summary, 'utf8');
    expect(JSON.parse(json) as Summary).toEqual(summary);
    expect(json).toContain('\n  "schemaVersion": 1,\n');
    expect(findAll(parseXml(await readFile(files.junit, 'utf8')), 'testcase')).toHaveLength(9);
    expect(await readFile(files.html, 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('replaces an earlier report with the new one', async () => {
    const { summary, events } = buildFixture();
    await writeReport(root, summary, events);
    const rerun: Summary = { ...summary, verdict: 'pass', reasons: [] };

    const files = await writeReport(root, rerun, events);

    expect((JSON.parse(await readFile(files.summary, 'utf8')) as Summary).verdict).toBe('pass');
    expect(await readFile(files.html, 'utf8')).toContain('<div class="verdict-word">PASS</div>');
    expect(await readdir(root)).toHaveLength(3);
  });

  it('leaves no temporary file behind when a file cannot be put in place', async () => {
    const { summary, events } = buildFixture();
    await mkdir(join(root, 'index.html'));

    await expect(writeReport(root, summary, events)).rejects.toThrow();

    expect((await readdir(root)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
