import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium.js';

export interface CheckedPage {
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
  getAttribute(name: string): string | null;
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray } } | null;
}
interface PageGlobals {
  document: { querySelectorAll(selector: 'canvas'): Iterable<PageCanvas> & ArrayLike<PageCanvas> };
  requestAnimationFrame(callback: () => void): number;
}

export interface CanvasInk {
  /** The canvas's id, or its data-spec-chart name. */
  id: string;
  width: number;
  height: number;
  /** Share of pixels with any paint. */
  drawn: number;
  /** Opaque pixels near each of the given colours ('#rrggbb'). */
  near: Record<string, number>;
}

/** Opens a local page with every non-file request refused and counted, console errors collected. */
export async function openCheckedPage(context: BrowserContext, path: string): Promise<CheckedPage> {
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
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  // Let a resize-triggered redraw, if any, finish before pixels are read.
  await page.evaluate(() => {
    const browser = globalThis as unknown as PageGlobals;
    return new Promise<void>((resolve) =>
      browser.requestAnimationFrame(() => browser.requestAnimationFrame(() => resolve())),
    );
  });
  return { page, problems, offsite };
}

/** How much of each canvas is painted, and how much in each of `colours`. */
export function canvasInk(page: Page, colours: readonly string[]): Promise<CanvasInk[]> {
  const rgbs = colours.map((hex) => [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)));
  return page.evaluate(
    ({ rgbs, colours }) =>
      Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll('canvas')).map((canvas) => {
        const { width, height } = canvas;
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, width, height).data ?? new Uint8ClampedArray();
        const counts = rgbs.map(() => 0);
        let drawn = 0;
        for (let index = 0; index < pixels.length; index += 4) {
          if ((pixels[index + 3] ?? 0) < 200) continue;
          drawn++;
          rgbs.forEach((rgb, which) => {
            if (rgb.every((value, channel) => Math.abs((pixels[index + channel] ?? 0) - value) < 40))
              counts[which] = (counts[which] ?? 0) + 1;
          });
        }
        return {
          id: canvas.id || canvas.getAttribute('data-spec-chart') || '',
          width,
          height,
          drawn: drawn / Math.max(1, width * height),
          near: Object.fromEntries(colours.map((colour, which) => [colour, counts[which] ?? 0])),
        };
      }),
    { rgbs, colours: [...colours] },
  );
}

/** A Chromium browser context for a suite, opened before its tests and closed after; returns a getter. */
export function useChromiumContext(): () => BrowserContext {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });
  return () => {
    if (!context) throw new Error('the Chromium context is not open yet');
    return context;
  };
}
