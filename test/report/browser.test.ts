import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { writeReport } from '../../src/report/write.js';
import type { ReportFiles } from '../../src/report/write.js';
import { describeWithChromium, launchChromium } from '../support/chromium.js';
import { canvasInk, openCheckedPage, type CheckedPage } from '../support/page-check.js';
import { buildFixture, emptyRunFixture, HOSTILE, hostileFixture } from './fixture.js';
import type { Fixture } from './fixture.js';

const SCREENSHOT_PATH = '/tmp/greenlight-report.png';

interface OpenedReport extends CheckedPage {
  files: ReportFiles;
}

/** The few browser globals the page-side callbacks use: the project compiles without lib.dom. */
interface PageGlobals {
  DOMParser: new () => {
    parseFromString(
      text: string,
      type: 'application/xml',
    ): {
      querySelector(selector: string): { textContent: string | null } | null;
      querySelectorAll(selector: string): { length: number };
    };
  };
  __pwned?: number;
}

const BLUE = '#1d4ed8';
const GREEN = '#15803d';

describeWithChromium('the HTML report in headless Chromium', () => {
  let browser: Browser;
  let root: string;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
    root = await mkdtemp(join(tmpdir(), 'greenlight-browser-'));
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  async function openReport(fixture: Fixture, name: string): Promise<OpenedReport> {
    const files = await writeReport(join(root, name), fixture.summary, fixture.events);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    return { ...(await openCheckedPage(context, files.html)), files };
  }

  it('draws every chart, shows the verdict and never leaves the file', async () => {
    const { page, files, problems, offsite } = await openReport(buildFixture(), 'full');

    expect(problems).toEqual([]);
    expect(offsite).toEqual([]);
    await expect(page.locator('.verdict-word').textContent()).resolves.toBe('FAIL');
    await expect(page.locator('.reasons li').allTextContents()).resolves.toEqual([
      'SLO "green errors" (green, phase canary): observed 23.81 %, objective error rate < 1 %',
    ]);
    const charts = await canvasInk(page, [BLUE, GREEN]);
    expect(charts.map((chart) => chart.id)).toEqual(['chart-rps', 'chart-errors', 'chart-latency', 'chart-itl']);
    for (const chart of charts) {
      expect(chart.width, chart.id).toBeGreaterThan(300);
      expect(chart.height, chart.id).toBeGreaterThan(150);
      expect(chart.drawn, chart.id).toBeGreaterThan(0.01);
      // The legend alone paints about 200 pixels of each colour; the series lines far more.
      expect(chart.near[BLUE], `${chart.id}: blue series`).toBeGreaterThan(400);
      expect(chart.near[GREEN], `${chart.id}: green series`).toBeGreaterThan(400);
    }
    await expect(page.locator('.card').count()).resolves.toBe(2);

    const junit = await readFile(files.junit, 'utf8');
    const parsed = await page.evaluate((xml) => {
      const doc = new (globalThis as unknown as PageGlobals).DOMParser().parseFromString(xml, 'application/xml');
      return {
        parseError: doc.querySelector('parsererror')?.textContent ?? null,
        suites: doc.querySelectorAll('testsuites > testsuite').length,
        failures: doc.querySelectorAll('testcase > failure').length,
      };
    }, junit);
    expect(parsed).toEqual({ parseError: null, suites: 4, failures: 1 });

    await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });
  });

  it('shows hostile names as text and runs none of them', async () => {
    const fixture = hostileFixture();
    const { page, problems, offsite } = await openReport(fixture, 'hostile');

    expect(problems).toEqual([]);
    expect(offsite).toEqual([]);
    await expect(page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned)).resolves.toBeUndefined();
    await expect(page.locator('img').count()).resolves.toBe(0);
    await expect(page.locator('h1').textContent()).resolves.toBe(fixture.summary.experiment);
    await expect(page.locator('.reasons li').first().textContent()).resolves.toBe(`reason ${HOSTILE}`);
    const charts = await canvasInk(page, [BLUE, GREEN]);
    expect(charts).toHaveLength(4);
    for (const chart of charts) expect(chart.drawn, chart.id).toBeGreaterThan(0.01);
  });

  it('opens the report of an interrupted run that recorded nothing', async () => {
    const { page, problems, offsite } = await openReport(emptyRunFixture(), 'empty');

    expect(problems).toEqual([]);
    expect(offsite).toEqual([]);
    await expect(page.locator('.verdict-word').textContent()).resolves.toBe('FAIL');
    await expect(page.locator('canvas').count()).resolves.toBe(0);
    await expect(page.locator('#charts').textContent()).resolves.toContain('nothing to chart');
  });
});
