import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_STACK_TRACE, runCli } from '../support/cli.js';
import { describeWithChromium } from '../support/chromium.js';
import { canvasInk, openCheckedPage, useChromiumContext } from '../support/page-check.js';
import { syntheticRun, type RunShape } from './runs.js';

const root = mkdtempSync(join(tmpdir(), 'greenlight-diff-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A run folder holding only a journal, as a killed run or a kept artifact may. */
function runFolder(name: string, shape: RunShape = {}): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'journal.ndjson'),
    syntheticRun(shape)
      .events.map((event) => JSON.stringify(event))
      .join('\n'),
  );
  return dir;
}

describe('greenlight diff', () => {
  it('exits 0 when B reproduces A, and writes the page into B', async () => {
    const [a, b] = [runFolder('same-a'), runFolder('same-b')];
    const result = await runCli(['diff', a, b]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^REPRODUCED: B agrees with A within the tolerances/);
    expect(result.stdout).toContain(`page: ${join(b, 'diff.html')}`);
    expect(existsSync(join(b, 'diff.html'))).toBe(true);
  });

  it('exits 1 and names what differs when B does not reproduce A', async () => {
    const [a, b] = [runFolder('missed-a'), runFolder('missed-b', { switchAt: null })];
    const json = join(root, 'comparison.json');
    const result = await runCli(['diff', a, b, '--html', join(root, 'missed.html'), '--json', json]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('NOT REPRODUCED: 3 differences beyond the tolerances');
    expect(result.stdout).toContain('✗ the rollback verdict of rule "green errors" differs: fired-in-time vs missed');
    expect(result.stdout).toContain('✗ a router switch at +14.0 s (blue 50 / green 50 → blue) is missing in run B');
    expect(existsSync(json)).toBe(true);
  });

  it('exits 2 for a folder that is not a run', async () => {
    const result = await runCli(['diff', root, runFolder('lonely')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no journal\.ndjson here; expected a greenlight run folder/);
    expect(result.stderr).not.toMatch(NO_STACK_TRACE);
  });
});

describeWithChromium('the diff page in headless Chromium', () => {
  const context = useChromiumContext();

  it('draws both runs on every chart, offline, and links to their reports', async () => {
    const [a, b] = [runFolder('page-a'), runFolder('page-b', { switchAt: 18, greenLatencyMs: 130 })];
    await runCli(['diff', a, b]);
    const { page, problems, offsite } = await openCheckedPage(context(), join(b, 'diff.html'));
    expect(problems).toEqual([]);
    expect(offsite).toEqual([]);
    await expect(page.locator('.verdict-word').textContent()).resolves.toBe('NOT REPRODUCED');
    const charts = await canvasInk(page, ['#1d4ed8', '#c2410c']);
    expect(charts.map((chart) => chart.id)).toEqual(['arrivals', 'errors', 'latency']);
    for (const chart of charts) {
      expect(chart.drawn, chart.id).toBeGreaterThan(0.005);
      expect(chart.near['#1d4ed8'], `${chart.id}: run A`).toBeGreaterThan(300);
      expect(chart.near['#c2410c'], `${chart.id}: run B`).toBeGreaterThan(300);
    }
    await expect(
      page.locator('#runs a').evaluateAll((links) => links.map((link) => link.getAttribute('href'))),
    ).resolves.toEqual(['../page-a/index.html', 'index.html']);
    await page.screenshot({ path: '/tmp/greenlight-diff.png', fullPage: true });
  });
});
