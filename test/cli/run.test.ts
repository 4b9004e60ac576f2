import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/evaluate/summary.js';
import type { JournalEvent } from '../../src/journal/events.js';
import { processesWithMarker, runCli, startCli } from '../support/cli.js';

/**
 * The quick start end to end, as a user runs it: the built CLI, the real embedded stack (reference
 * services and router as child processes, the embedded Toxiproxy), real load, real faults.
 */
const out = mkdtempSync(join(tmpdir(), 'greenlight-run-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function onlyRunDir(parent: string): string {
  const entries = readdirSync(parent);
  expect(entries).toHaveLength(1);
  return join(parent, entries[0]!);
}

function readSummary(runDir: string): Summary {
  return JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Summary;
}

function readEvents(runDir: string): JournalEvent[] {
  return readFileSync(join(runDir, 'journal.ndjson'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as JournalEvent);
}

describe('greenlight run (quick start on the embedded stack)', () => {
  it('rolls green back to blue in time, passes, and writes the report files', async () => {
    const folder = join(out, 'pass');
    const run = startCli(['run', '--out', folder]);
    const result = await run.result;
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toMatch(/^verdict: PASS/m);
    expect(result.stdout).toMatch(/rollback {2}green errors: fired in time after \d+(\.\d+)? s \(budget 15 s\)/);

    const runDir = onlyRunDir(folder);
    for (const file of ['index.html', 'summary.json', 'junit.xml', 'journal.ndjson'])
      expect(existsSync(join(runDir, file)), file).toBe(true);
    const summary = readSummary(runDir);
    expect(summary.verdict).toBe('pass');
    expect(summary.rollback.verdict).toBe('pass');
    expect(summary.rollback.conditionMetAt).not.toBeNull();
    expect(summary.rollback.switchedAt).not.toBeNull();
    expect(summary.rollback.detectionSeconds).toBeGreaterThanOrEqual(0);
    expect(summary.rollback.detectionSeconds).toBeLessThanOrEqual(15);
    expect(summary.rollback.switches.at(-1)).toMatchObject({ to: 'blue' });
    expect(summary.faults.map((f) => [f.name, f.appliedAt !== null, f.revertedAt !== null])).toEqual([
      ['green-gpu-pressure', true, true],
      ['green-latency', true, true],
    ]);
    expect(summary.cleanup).toEqual({ clean: true, leftovers: [] });
    expect(summary.load.requests).toBeGreaterThan(500);
    expect(summary.load.byColour.green!.errors).toBeGreaterThan(0);
    expect(existsSync(join(runDir, 'lease.json'))).toBe(false);
    expect(processesWithMarker(run.marker)).toEqual([]);

    // The report can be rebuilt from the journal alone, with the same verdict.
    const rerender = await runCli(['report', runDir]);
    expect(rerender.code).toBe(0);
    expect(readSummary(runDir).rollback).toEqual(summary.rollback);
  });

  it('fails and says the rollback was missed when the controller is disabled', async () => {
    const folder = join(out, 'missed');
    const result = await runCli(['run', 'scenarios/quickstart.ts', '--no-controller', '--out', folder]);
    expect(result.code, result.stderr + result.stdout).toBe(1);
    expect(result.stdout).toMatch(/^verdict: FAIL/m);
    expect(result.stdout).toContain('green errors: MISSED');
    const summary = readSummary(onlyRunDir(folder));
    expect(summary.rollback.rules[0]).toMatchObject({ verdict: 'missed', switchedAt: null });
    expect(summary.rollback.conditionMetAt).not.toBeNull();
    expect(summary.reasons.join('\n')).toContain('the rollback was missed');
  });

  it('on Ctrl-C mid-fault: reverts the faults, leaves no process behind, writes a partial report, exits 130', async () => {
    const folder = join(out, 'interrupted');
    const run = startCli(['run', '--out', folder]);
    await run.waitForStderr(/faults: green-gpu-pressure/);
    expect(processesWithMarker(run.marker).length).toBeGreaterThanOrEqual(4);
    run.child.kill('SIGINT');
    const result = await run.result;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('SIGINT: stopping');

    const runDir = onlyRunDir(folder);
    const events = readEvents(runDir);
    const reverted = events.filter((e) => e.type === 'fault.reverted').map((e) => ('name' in e ? e.name : ''));
    expect(reverted.sort()).toEqual(['green-gpu-pressure', 'green-latency']);
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', reason: 'interrupted' });
    const summary = readSummary(runDir);
    expect(summary.endReason).toBe('interrupted');
    expect(summary.verdict).toBe('fail');
    expect(summary.cleanup).toEqual({ clean: true, leftovers: [] });
    expect(existsSync(join(runDir, 'index.html'))).toBe(true);
    expect(processesWithMarker(run.marker)).toEqual([]);
  });
});
