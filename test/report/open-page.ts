import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';

/** A report page opened in headless Chromium, with what went wrong while it loaded. */
export interface OpenedPage {
  page: Page;
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
export interface PageGlobals {
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

export interface CanvasInk {
  id: string;
  width: number;
  height: number;
  /** Share of pixels with any paint. */
  drawn: number;
  bluePixels: number;
  greenPixels: number;
}

/** Opens a report file, refusing every request that is not for a file, and waits for its charts. */
export async function openPage(context: BrowserContext, htmlPath: string): Promise<OpenedPage> {
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
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
  // Let a resize-triggered redraw, if any, finish before pixels are read.
  await page.evaluate(() => {
    const browser = globalThis as unknown as PageGlobals;
    return new Promise<void>((resolve) =>
      browser.requestAnimationFrame(() => browser.requestAnimationFrame(() => resolve())),
    );
  });
  return { page, problems, offsite };
}

/** How much of every canvas is painted, and how much of it in the blue and green series' inks. */
export function canvasInk(page: Page): Promise<CanvasInk[]> {
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
