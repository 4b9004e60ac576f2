import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/evaluate/summary.js';
import { TRIGGER_SERIES_FILE } from '../../src/triggers/index.js';
import { runCli } from '../support/cli.js';
import { PROMETHEUS_INSTALLED } from '../triggers/support.js';

/**
 * scenarios/own-triggers.ts through the built CLI: the team's Argo, Flagger and alert-rule
 * definitions (triggers/) judged live against the Prometheus greenlight starts for the run
 * (Debian's), recorded into the run folder, then replayed offline by `greenlight triggers check`
 * with the shipped and with an edited definition — no load sent.
 */
const folder = mkdtempSync(join(tmpdir(), 'greenlight-own-triggers-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.skipIf(!PROMETHEUS_INSTALLED)("the team's own triggers on a real run", () => {
  let runDir = '';

  it('judges each definition live after the run, records its series and reports it', async () => {
    const out = join(folder, 'reports');
    const result = await runCli(['run', 'scenarios/own-triggers.ts', '--out', out], { timeoutMs: 180_000 });
    runDir = join(out, readdirSync(out)[0]!);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Summary;
    const triggers = summary.triggers ?? [];
    expect(triggers.map((trigger) => [trigger.kind, trigger.expects, trigger.evaluatedWith])).toEqual([
      ['argo', 'green errors', 'live'],
      ['flagger', 'green errors', 'live'],
      ['prometheus-rules', 'green errors', 'live'],
    ]);
    const figures = triggers.map((trigger) => `${trigger.kind}: ${trigger.verdict} ${trigger.explanation}`).join('\n');
    expect(
      triggers.map((trigger) => trigger.verdict),
      `${figures}\n${result.stdout}`,
    ).toEqual(['fired-in-time', 'fired-in-time', 'fired-in-time']);
    expect(triggers.find((trigger) => trigger.kind === 'flagger')!.bound).toMatchObject({
      seconds: 30,
      meetsBudget: true,
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(existsSync(join(runDir, TRIGGER_SERIES_FILE))).toBe(true);
    expect(readFileSync(join(runDir, 'index.html'), 'utf8')).toContain('id="triggers"');
  }, 240_000);

  it('replays the same definition offline with the same verdict, and an edited one with another, sending no load', async () => {
    const journalBefore = readFileSync(join(runDir, 'journal.ndjson'), 'utf8');
    const same = await runCli(['triggers', 'check', runDir, '--file', 'triggers/argo-analysis-template.yaml']);
    expect(same.code, same.stdout + same.stderr).toBe(0);
    expect(same.stdout).toMatch(/fired in time/i);

    // The same template measuring every 10s and tolerating three failures: 10s × 4 + 5s > 35s.
    const edited = join(folder, 'argo-slow.yaml');
    writeFileSync(
      edited,
      readFileSync('triggers/argo-analysis-template.yaml', 'utf8')
        .replace('interval: 2s', 'interval: 10s')
        .replace('failureLimit: 1', 'failureLimit: 3'),
    );
    const slow = await runCli(['triggers', 'check', runDir, '--file', edited]);
    expect(slow.code, slow.stdout + slow.stderr).toBe(1);
    expect(slow.stdout).toMatch(/late|missed/i);
    expect(slow.stdout).toMatch(/45s/);
    expect(readFileSync(join(runDir, 'journal.ndjson'), 'utf8')).toBe(journalBefore);
  }, 120_000);
});
