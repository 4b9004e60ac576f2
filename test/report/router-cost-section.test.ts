import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRun } from '../../src/evaluate/evaluate.js';
import type { RouterCostEvent } from '../../src/journal/events.js';
import { FIXES } from '../../src/targets/router-cost/assess.js';
import { writeReport } from '../../src/report/write.js';
import { describeWithChromium, launchChromium } from '../support/chromium.js';
import { T0, baseExperiment, journal, steady } from '../support/journal-fixture.js';

/** Figures as measured through a HAProxy without http-no-delay (test/targets/router-cost.test.ts). */
const heldBack: RouterCostEvent = {
  type: 'router.cost',
  t: T0 + 1000,
  durationMs: 4164,
  router: 'haproxy',
  colours: [
    {
      colour: 'blue',
      direct: { requests: 8, errors: 0, ttftP50Ms: 34.4, latencyP50Ms: 319.9 },
      viaRouter: { requests: 8, errors: 0, ttftP50Ms: 213.8, latencyP50Ms: 322.5 },
      addedTtftMs: 179.4,
      addedLatencyMs: 2.6,
    },
    {
      colour: 'green',
      direct: { requests: 7, errors: 0, ttftP50Ms: 34.2, latencyP50Ms: 313.5 },
      viaRouter: { requests: 7, errors: 1, ttftP50Ms: 233.9, latencyP50Ms: 362.7 },
      addedTtftMs: 199.7,
      addedLatencyMs: 49.2,
    },
  ],
  holdsBackFirstTokens: true,
  fix: FIXES.haproxy,
};

function runWith(events: RouterCostEvent[]) {
  return journal(baseExperiment, [...events, ...steady('blue', 0, 40, 10), ...steady('green', 0, 40, 10)]);
}

describe("summary.json's routerCost", () => {
  it('carries the check of the baseline, and leaves the verdict alone', () => {
    const without = evaluateRun(runWith([]));
    const withCost = evaluateRun(runWith([heldBack]));
    expect(without.routerCost).toBeUndefined();
    expect(withCost.verdict).toBe(without.verdict);
    expect(withCost.reasons).toEqual(without.reasons);
    expect(withCost.routerCost).toEqual({
      measuredAt: new Date(T0 + 1000).toISOString(),
      durationMs: 4164,
      router: 'haproxy',
      colours: heldBack.colours,
      holdsBackFirstTokens: true,
      fix: FIXES.haproxy,
      note: null,
    });
  });
});

describeWithChromium("the report's router-cost section in headless Chromium", () => {
  let browser: Browser;
  let root: string;

  beforeAll(async () => {
    browser = await launchChromium();
    root = await mkdtemp(join(tmpdir(), 'greenlight-router-cost-report-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('names the router, what it adds per colour and the fix; absent without a check', async () => {
    const events = runWith([heldBack]);
    const files = await writeReport(join(root, 'held'), evaluateRun(events), events);
    const plain = runWith([]);
    const without = await writeReport(join(root, 'plain'), evaluateRun(plain), plain);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
    try {
      await page.goto(pathToFileURL(files.html).href, { waitUntil: 'load' });
      const section = page.locator('#router-cost');
      await expect(section.locator('h2').textContent()).resolves.toBe("The router's own cost");
      await expect(section.locator('.note-bad').textContent()).resolves.toMatch(
        /^HAProxy holds back the first tokens .* Fix: add option http-no-delay/,
      );
      const rows = await section
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) =>
            Array.from(
              (tr as unknown as { cells: ArrayLike<{ textContent: string }> }).cells,
              (cell) => cell.textContent,
            ),
          ),
        );
      expect(rows).toEqual([
        ['blue', '34.4 ms', '214 ms', '+179 ms', '320 ms', '323 ms', '+2.60 ms', '8 / 8'],
        ['green', '34.2 ms', '234 ms', '+200 ms', '314 ms', '363 ms', '+49.2 ms', '7 / 7 (1 failed)'],
      ]);
      await section.screenshot({ path: '/tmp/greenlight-router-cost-section.png' });
      expect(problems).toEqual([]);

      await page.goto(pathToFileURL(without.html).href, { waitUntil: 'load' });
      await expect(page.locator('#router-cost').count()).resolves.toBe(0);
    } finally {
      await page.close();
    }
  });
});
