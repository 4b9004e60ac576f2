import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { writeReport } from '../../src/report/write.js';
import type { ReportFiles } from '../../src/report/write.js';
import { describeWithChromium, launchChromium } from '../support/chromium.js';
import { buildFixture, emptyRunFixture, HOSTILE, hostileFixture } from './fixture.js';
import type { Fixture } from './fixture.js';

const SCREENSHOT_PATH = '/tmp/greenlight-report.png';

interface OpenedReport {
  page: Page;
  files: ReportFiles;
  /** Console errors and uncaught exceptions. */
  problems: string[];
  /** Every request the page made that was not for a file: URL (all are refused). */
  offsite: string[];
}

/** The few browser globals the page-side callbacks use: the project compiles without lib.dom. */
interface PageCanvas {
  id: string;
  width: number;
  height: number;
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray } } | null;
}
interface PageGlobals {
  document: { querySelectorAll(selector: 'canvas'): Iterable<PageCanvas> & ArrayLike<PageCanvas> };
  requestAnimationFrame(callback: () => void): number;
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

interface CanvasInk {
  id: string;
  width: number;
  height: number;
  /** Share of pixels with any paint. */
  drawn: number;
  bluePixels: number;
  greenPixels: number;
}

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
    const problems: string[] = [];
    const offsite: string[] = [];
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      offsite.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) offsite.push(request.url());
    });
    await page.goto(pathToFileURL(files.html).href, { waitUntil: 'load' });
    // Let a resize-triggered redraw, if any, finish before pixels are read.
    await page.evaluate(() => {
      const browser = globalThis as unknown as PageGlobals;
      return new Promise<void>((resolve) =>
        browser.requestAnimationFrame(() => browser.requestAnimationFrame(() => resolve())),
      );
    });
    return { page, files, problems, offsite };
  }

  function canvasInk(page: Page): Promise<CanvasInk[]> {
    return page.evaluate(() =>
      Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll('canvas')).map((canvas) => {
        const { width, height } = canvas;
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, width, height).data ?? new Uint8ClampedArray();
        const near = (index: number, rgb: readonly number[]): boolean =>
          rgb.every((value, channel) => Math.abs((pixels[index + channel] ?? 0) - value) < 40);
        let drawn = 0;
        let bluePixels = 0;
        let greenPixels = 0;
        for (let index = 0; index < pixels.length; index += 4) {
          if ((pixels[index + 3] ?? 0) < 200) continue;
          drawn++;
          if (near(index, [0x1d, 0x4e, 0xd8])) bluePixels++;
          if (near(index, [0x15, 0x80, 0x3d])) greenPixels++;
        }
        return { id: canvas.id, width, height, drawn: drawn / Math.max(1, width * height), bluePixels, greenPixels };
      }),
    );
  }

  it('draws every chart, shows the verdict and never leaves the file', async () => {
    const { page, files, problems, offsite } = await openReport(buildFixture(), 'full');

    expect(problems).toEqual([]);
    expect(offsite).toEqual([]);
    await expect(page.locator('.verdict-word').textContent()).resolves.toBe('FAIL');
    await expect(page.locator('.reasons li').allTextContents()).resolves.toEqual([
      'SLO "green errors" (green, phase canary): observed 23.81 %, objective error rate < 1 %',
    ]);
    const charts = await canvasInk(page);
    expect(charts.map((chart) => chart.id)).toEqual(['chart-rps', 'chart-errors', 'chart-latency', 'chart-itl']);
    for (const chart of charts) {
      expect(chart.width, chart.id).toBeGreaterThan(300);
      expect(chart.height, chart.id).toBeGreaterThan(150);
      expect(chart.drawn, chart.id).toBeGreaterThan(0.01);
      // The legend alone paints about 200 pixels of each colour; the series lines far more.
      expect(chart.bluePixels, `${chart.id}: blue series`).toBeGreaterThan(400);
      expect(chart.greenPixels, `${chart.id}: green series`).toBeGreaterThan(400);
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
    const charts = await canvasInk(page);
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
