import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectTrend } from '../../src/compare/trend.js';
import { writeReport } from '../../src/report/write.js';
import { syntheticRun, weekly, type RunShape } from '../compare/runs.js';
import { describeWithChromium } from '../support/chromium.js';
import { runCli } from '../support/cli.js';
import { canvasInk, openCheckedPage, useChromiumContext } from '../support/page-check.js';

/** Ten weeks of the fixture scenario: a missed rollback, a slower green, a slow switch, more errors. */
const WEEKS: RunShape[] = [
  {},
  {},
  { switchAt: 15 },
  { switchAt: null },
  {},
  {},
  { greenLatencyMs: 160 },
  {},
  { switchAt: 20 },
  { switchAt: 20, greenErrors: 16 },
];

const root = mkdtempSync(join(tmpdir(), 'greenlight-trend-'));
const reports = join(root, 'reports');
const SCREENSHOT = '/tmp/greenlight-trend.png';

beforeAll(async () => {
  for (const [index, shape] of WEEKS.entries()) {
    const run = weekly(syntheticRun(shape), index);
    const dir = join(reports, `2026${String(index + 1).padStart(2, '0')}-weekly`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'journal.ndjson'), run.events.map((event) => JSON.stringify(event)).join('\n'));
    await writeReport(dir, run.summary, run.events);
  }
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('collectTrend', () => {
  it('orders the runs and flags each regression against the run before it', async () => {
    const trend = await collectTrend(reports);
    expect(trend.experiment).toBe('fixture');
    expect(trend.runs.map((run) => run.verdict)).toEqual([
      'pass',
      'pass',
      'pass',
      'fail',
      'pass',
      'pass',
      'pass',
      'pass',
      'pass',
      'pass',
    ]);
    const subjects = trend.runs.map((run) => run.regressions.map((item) => item.subject));
    expect(subjects[0]).toEqual([]);
    expect(subjects[3]).toEqual(expect.arrayContaining(['verdict', 'rule "green errors"']));
    expect(subjects[6]).toEqual(['latency (green)', 'ttft (green)']);
    // A slow switch: detection over the baseline, more requests lost, a higher error rate on green.
    expect(trend.runs[8]!.regressions.map((item) => item.message)).toEqual([
      expect.stringMatching(/took 9\.00 s to switch, over the baseline's 3\.00 s by more than 2 s/),
      'rule "green errors" lost 90 requests during the switch, against the baseline\'s 30',
      expect.stringMatching(/^green: this run fails more requests than the baseline by more than 1 %/),
    ]);
    expect(subjects[9]).toEqual(['rule "green errors"', 'error-rate (green)']);
  });

  it('against the previous three runs, a one-off stays a one-off', async () => {
    const trend = await collectTrend(reports, { baselineRuns: 3 });
    // Week 5 follows the missed week 4: against weeks 2–4 it is no regression.
    expect(trend.runs[4]!.regressions).toEqual([]);
  });

  it('needs --experiment when the folder holds several', async () => {
    const mixed = join(root, 'mixed');
    for (const name of ['a', 'b']) {
      const run = syntheticRun();
      const events = run.events.map((event) =>
        event.type === 'run.started' ? { ...event, experiment: { ...(event.experiment as object), name } } : event,
      );
      mkdirSync(join(mixed, name), { recursive: true });
      writeFileSync(join(mixed, name, 'journal.ndjson'), events.map((event) => JSON.stringify(event)).join('\n'));
    }
    await expect(collectTrend(mixed)).rejects.toThrow(
      /several experiments: a \(1\), b \(1\); choose one with --experiment/,
    );
    await expect(collectTrend(mixed, { experiment: 'b' })).resolves.toMatchObject({ experiment: 'b' });
  });
});

describe('greenlight trend', () => {
  it('writes the page and exits 1 because the latest run regressed', async () => {
    const result = await runCli(['trend', reports]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^fixture across 10 runs \(each against the run before it\)/);
    expect(result.stdout).toContain('latest run regressed against the run before it:');
    expect(result.stdout).toContain(`page: ${join(reports, 'trend.html')}`);
  });
});

describeWithChromium('the trend page in headless Chromium', () => {
  const context = useChromiumContext();

  it('draws every chart and each point opens its run', async () => {
    await runCli(['trend', reports]);
    const page = join(reports, 'trend.html');
    const opened = await openCheckedPage(context(), page);
    expect(opened.problems).toEqual([]);
    expect(opened.offsite).toEqual([]);
    const charts = await canvasInk(opened.page, ['#1d4ed8', '#15803d', '#b91c1c', '#6d28d9']);
    expect(charts.map((chart) => chart.id)).toEqual(['verdicts', 'detection', 'lost', 'latency', 'ttft', 'errors']);
    for (const chart of charts) expect(chart.drawn, chart.id).toBeGreaterThan(0.005);
    for (const id of ['latency', 'ttft', 'errors']) {
      const chart = charts.find((candidate) => candidate.id === id)!;
      expect(chart.near['#1d4ed8'], `${id}: blue`).toBeGreaterThan(200);
      expect(chart.near['#15803d'], `${id}: green`).toBeGreaterThan(200);
    }
    // Regressions are red rings; the failing week a red point.
    expect(charts.find((chart) => chart.id === 'verdicts')!.near['#b91c1c']).toBeGreaterThan(50);
    expect(charts.find((chart) => chart.id === 'detection')!.near['#6d28d9']).toBeGreaterThan(200);
    await opened.page.screenshot({ path: SCREENSHOT, fullPage: true });

    for (const chartId of ['verdicts', 'latency']) {
      for (let index = 0; index < WEEKS.length; index++) {
        await opened.page.goto(pathToFileURL(page).href);
        const canvas = opened.page.locator(`canvas[data-spec-chart="${chartId}"]`);
        await canvas.scrollIntoViewIfNeeded();
        const point = await canvas.evaluate((element, at) => {
          const chart = (
            globalThis as unknown as {
              Chart: { getChart(c: unknown): { getDatasetMeta(i: number): { data: { x: number; y: number }[] } } };
            }
          ).Chart.getChart(element);
          const { x, y } = chart.getDatasetMeta(0).data[at]!;
          return { x, y };
        }, index);
        const box = (await canvas.boundingBox())!;
        await Promise.all([
          opened.page.waitForURL(/index\.html$/),
          opened.page.mouse.click(box.x + point.x, box.y + point.y),
        ]);
        expect(opened.page.url(), `${chartId} point ${index}`).toBe(
          pathToFileURL(join(reports, `2026${String(index + 1).padStart(2, '0')}-weekly`, 'index.html')).href,
        );
      }
    }
  }, 120_000);
});
