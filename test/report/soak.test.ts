import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRun } from '../../src/evaluate/evaluate.js';
import type { Summary } from '../../src/evaluate/summary.js';
import { readJournal } from '../../src/journal/reader.js';
import { buildChartTimeline } from '../../src/report/chart-timeline.js';
import { analyseJournal, reportFromJournal } from '../../src/report/from-journal.js';
import { PIXEL_COLUMNS } from '../../src/report/thin.js';
import type { ReportFiles } from '../../src/report/write.js';
import { describeWithChromium, launchChromium } from '../support/chromium.js';
import { SOAK_RATES, writeSoakJournal, type SoakTruth } from '../support/soak-journal.js';
import { embeddedData } from './embedded-data.js';
import { canvasInk, openCheckedPage } from '../support/page-check.js';

const SCREENSHOT_PATH = '/tmp/greenlight-report-24h.png';
/** The inks of blue's and green's series (chart-script.ts). */
const BLUE = '#1d4ed8';
const GREEN = '#15803d';
/** Writing, reading twice and judging a day of buckets takes a while on a shared 2-core machine. */
const SOAK_TIMEOUT_MS = 600_000;

describe('a 24-hour journal, evaluated and reported from its file', () => {
  let root: string;
  let truth: SoakTruth;
  let summary: Summary;
  let files: ReportFiles;
  let html: string;
  const at = (second: number): string => new Date(truth.plan.startMs + second * 1000).toISOString();
  const slo = (name: string) => summary.slos.find((result) => result.name === name);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'greenlight-soak-'));
    truth = writeSoakJournal(join(root, 'journal.ndjson'), 24);
    ({ summary, files } = await reportFromJournal(root, join(root, 'journal.ndjson')));
    html = await readFile(files.html, 'utf8');
  }, SOAK_TIMEOUT_MS);

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('is a day of buckets for both colours', () => {
    expect(truth.plan.seconds).toBe(86_400);
    // Two colours every second, and once an hour a bucket of refused requests.
    expect(truth.buckets).toBe(2 * 86_400 + 24);
    expect(summary.endedAt).toBe(at(86_400));
    expect(summary.phases.map((phase) => [phase.name, phase.durationMs / 3_600_000])).toEqual([
      ['warm-up', 1],
      ['soak', 19],
      ['fault', 2],
      ['recovery', 2],
    ]);
  });

  it('judges every SLO as the raw values say', () => {
    expect(slo('blue latency')).toMatchObject({
      observed: truth.percentile('blue', '*', 'latency', 99),
      pass: true,
    });
    expect(slo('green ttft')).toMatchObject({ observed: truth.percentile('green', '*', 'ttft', 95), pass: true });
    expect(slo('green errors in soak')).toMatchObject({
      observed: 0,
      requests: truth.counts('green', 'soak').requests,
      pass: true,
    });
    // Green fails 2 of its 8 requests a second for the first of the phase's two hours.
    const faulted = truth.counts('green', 'fault');
    expect(faulted.errors / faulted.requests).toBe(0.125);
    expect(slo('green errors under fault')).toMatchObject({ observed: 0.125, pass: false, reason: 'observed 12.5 %' });
    const soak = truth.counts('all', 'soak');
    expect(slo('soak throughput')?.observed).toBeCloseTo((soak.requests - soak.errors) / (19 * 3600), 9);
    const day = truth.counts('all', '*');
    const availability = slo('availability')!;
    expect(availability.observed).toBeCloseTo(1 - day.unavailable / day.requests, 12);
    expect(availability.pass).toBe(true);
    // Green's failing hour burns 2/20 = 10× the 1 % budget over both windows: under 14.4×.
    expect(availability.burnRate).toHaveLength(1);
    expect(availability.burnRate![0]).toMatchObject({ long: '1h', short: '5m', factor: 14.4, firedAt: null });
    expect(availability.burnRate![0]!.peak).toBeCloseTo(10, 9);
    expect(summary.verdict).toBe('fail');
    expect(summary.reasons).toEqual([
      'SLO "green errors under fault" (green, fault) failed: error-rate < 1 %, observed 12.5 %',
    ]);
  });

  it('times the rollback to the second, and its recovery', () => {
    const { greenFailsFrom: failsFrom, rollbackSwitchAt, hour } = truth.plan;
    const [errorRule, latencyRule] = summary.rollback.rules;
    // 2 errors a second in a 60 s window of 480 requests pass 5 % in the 13th second.
    expect(errorRule).toMatchObject({
      verdict: 'fired-in-time',
      conditionMetAt: at(failsFrom + 12),
      switchedAt: at(rollbackSwitchAt),
      detectionSeconds: 63,
      failedRequestsBeforeSwitch: 63 * 2,
      failedRequestsDuringSwitch: 2 * 2,
      switchesToTarget: 1,
      // All traffic fails 2 in 20 until the fault is reverted, then the 60 s window clears 30 s later.
      recoverySeconds: hour - 45,
    });
    expect(latencyRule).toMatchObject({ verdict: 'fired-in-time', switchedAt: at(rollbackSwitchAt) });
    const latencyMet = Date.parse(latencyRule!.conditionMetAt!);
    expect(latencyMet).toBeGreaterThanOrEqual(Date.parse(at(failsFrom)));
    expect(latencyMet).toBeLessThanOrEqual(Date.parse(at(failsFrom + 5)));
    expect(summary.rollback.switches.map((change) => [change.at, change.from, change.to])).toEqual(
      truth.plan.switches.map((change, index) => [
        at(change.at),
        ['blue', 'split', 'green', 'blue'][index],
        ['split', 'green', 'blue', 'split'][index],
      ]),
    );
  });

  it('passes the release gate: over the soak green is as fast and as reliable as blue', () => {
    expect(summary.gate?.verdict).toBe('pass');
    const samples = (rate: number): number => 19 * 3600 * rate;
    expect(
      summary.gate?.comparisons.map((comparison) => [
        comparison.metric,
        comparison.blueSamples,
        comparison.greenSamples,
      ]),
    ).toEqual([
      ['latency', samples(SOAK_RATES.blue), samples(SOAK_RATES.green)],
      ['ttft', samples(SOAK_RATES.blue), samples(SOAK_RATES.green)],
      ['error-rate', samples(SOAK_RATES.blue), samples(SOAK_RATES.green)],
    ]);
  });

  it('sums the load of the day', () => {
    const day = truth.counts('all', '*');
    const round = (value: number): number => Math.round(value * 100) / 100;
    expect(summary.load).toMatchObject({
      requests: day.requests,
      errors: day.errors,
      droppedIterations: day.dropped,
      targetRps: SOAK_RATES.blue + SOAK_RATES.green,
      achievedRps: round(day.requests / 86_400),
      byColour: {
        blue: { requests: 86_400 * SOAK_RATES.blue, errors: 0 },
        green: { requests: 86_400 * SOAK_RATES.green, errors: 3600 * 2 },
        unknown: { requests: 24, errors: 24 },
      },
    });
    expect(summary.load.latencyMs.p99).toBe(round(truth.percentile('all', '*', 'latency', 99)));
    expect(summary.load.ttftMs.p50).toBe(round(truth.percentile('all', '*', 'ttft', 50)));
  });

  it('lists a repeated fault once, with its first window and how many there were', () => {
    expect(summary.faults.map((fault) => [fault.name, fault.timesApplied])).toEqual([
      ['blue-blip', 12],
      ['blue-slow', 1],
      ['green-errors', 1],
      ['green-busy', 1],
    ]);
    const blip = truth.plan.faults.filter((fault) => fault.name === 'blue-blip');
    expect(summary.faults[0]).toMatchObject({ appliedAt: at(blip[0]!.from), revertedAt: at(blip.at(-1)!.to) });
  });

  it('embeds charts thinned to the width of a chart, keeping every spike', () => {
    expect(Buffer.byteLength(html)).toBeLessThan(1_000_000);
    const { timeline } = embeddedData(html);
    expect(timeline.secondsPerColumn).toBe(Math.ceil(86_400 / PIXEL_COLUMNS));
    expect(timeline.x.length).toBeLessThanOrEqual(2 * PIXEL_COLUMNS);
    for (const series of Object.values(timeline.series)) {
      for (const values of Object.values(series)) expect(values).toHaveLength(timeline.x.length);
    }
    expect(new Set(timeline.series.blue.rps)).toEqual(new Set([SOAK_RATES.blue]));
    expect(new Set(timeline.series.green.rps)).toEqual(new Set([SOAK_RATES.green]));
    for (const colour of ['blue', 'green'] as const) {
      const p99s = timeline.series[colour].latencyP99Ms.filter((value): value is number => value !== null);
      expect([Math.min(...p99s), Math.max(...p99s)]).toEqual([
        truth.secondP99Range(colour).low,
        truth.secondP99Range(colour).high,
      ]);
    }
    expect(timeline.faults.map((row) => [row.label, row.windows.length])).toEqual([
      ['blue-blip', 12],
      ['blue-slow', 1],
      ['green-errors', 1],
      ['green-busy', 1],
    ]);
    expect(timeline.planned).toEqual([
      { at: 0, rps: 20 },
      { at: 86_400, rps: 20 },
    ]);
  });

  describeWithChromium('opened in headless Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('draws every chart, with no error and no request leaving the file', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const { page, problems, offsite } = await openCheckedPage(context, files.html);
        expect(problems).toEqual([]);
        expect(offsite).toEqual([]);
        const charts = await canvasInk(page, [BLUE, GREEN]);
        expect(charts.map((chart) => chart.id)).toEqual(['chart-rps', 'chart-errors', 'chart-latency', 'chart-itl']);
        for (const chart of charts) {
          expect(chart.drawn, chart.id).toBeGreaterThan(0.01);
          expect(chart.near[BLUE], `${chart.id}: blue series`).toBeGreaterThan(400);
          expect(chart.near[GREEN], `${chart.id}: green series`).toBeGreaterThan(400);
        }
        await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });
      } finally {
        await context.close();
      }
    });
  });
});

describe('a journal read from its file and one held in memory', () => {
  it(
    'give the same verdict and the same charts',
    async () => {
      const root = await mkdtemp(join(tmpdir(), 'greenlight-soak-'));
      try {
        const path = join(root, 'journal.ndjson');
        writeSoakJournal(path, 1);
        const streamed = await analyseJournal(path);
        const { events, truncated } = await readJournal(path);
        const inMemory = evaluateRun(events, { journalTruncated: truncated });
        expect(streamed.summary).toEqual(inMemory);
        expect(streamed.timeline).toEqual(buildChartTimeline(inMemory, events));
        expect(inMemory.rollback.rules.map((rule) => rule.verdict)).toEqual(['fired-in-time', 'fired-in-time']);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
    SOAK_TIMEOUT_MS,
  );
});
