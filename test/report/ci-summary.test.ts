import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ciAnnotations, ciSummaryMarkdown, reportToCi } from '../../src/report/ci-summary.js';
import { syntheticRun } from '../compare/runs.js';

const folder = mkdtempSync(join(tmpdir(), 'greenlight-ci-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the CI summary', () => {
  it('is a Markdown table of the checks, with why the run failed', () => {
    const markdown = ciSummaryMarkdown(syntheticRun({ switchAt: null }).summary, 'reports/x/index.html');
    expect(markdown).toMatch(/^## ❌ greenlight FAIL: fixture\n/);
    expect(markdown).toContain('· report: `reports/x/index.html`');
    expect(markdown).toContain('| Check | Result | Detail |');
    expect(markdown).toMatch(
      /\| rollback rule green errors \| ❌ missed \| green error rate > 5 % over 10s; detection — \(budget 15 s\), \d+ requests lost \|/,
    );
    expect(markdown).toContain('**Why it failed**');
    expect(markdown).toMatch(/^- rollback rule "green errors" missed: /m);
  });

  it('escapes what would break a table row or a workflow command', () => {
    const { summary } = syntheticRun({ switchAt: null });
    const hostile = { ...summary, experiment: 'a|b, c: d', reasons: ['100% broken\nsecond line'] };
    expect(ciSummaryMarkdown(hostile)).toContain('FAIL: a\\|b, c: d');
    expect(ciSummaryMarkdown(hostile)).toContain('- 100% broken second line');
    expect(ciAnnotations(hostile)).toEqual(['::error title=greenlight%3A a|b%2C c%3A d::100%25 broken%0Asecond line']);
  });

  it('appends to GITHUB_STEP_SUMMARY and annotates only on GitHub Actions', async () => {
    const file = join(folder, 'step-summary.md');
    writeFileSync(file, '# earlier step\n');
    const written: string[] = [];
    const { summary } = syntheticRun({ switchAt: null });
    const onGitHub = await reportToCi(summary, {
      env: { GITHUB_STEP_SUMMARY: file, GITHUB_ACTIONS: 'true' },
      write: (text) => written.push(text),
    });
    expect(onGitHub).toEqual({ summaryFile: file, annotations: summary.reasons.length });
    expect(readFileSync(file, 'utf8')).toMatch(/^# earlier step\n## ❌ greenlight FAIL: fixture/);
    expect(written.every((line) => line.startsWith('::error title=greenlight%3A fixture::'))).toBe(true);

    const elsewhere = await reportToCi(summary, { env: {}, write: (text) => written.push(text) });
    expect(elsewhere).toEqual({ summaryFile: undefined, annotations: 0 });
    expect(written).toHaveLength(summary.reasons.length);
  });

  it('says which file it could not append to', async () => {
    await expect(
      reportToCi(syntheticRun().summary, { env: { GITHUB_STEP_SUMMARY: join(folder, 'missing', 'x.md') } }),
    ).rejects.toThrow(/^GITHUB_STEP_SUMMARY: cannot append to .*missing\/x\.md/);
  });
});
