import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadSummary } from '../../src/evaluate/summary.js';
import { closedPortUrl } from '../load/helpers/servers.js';
import { Services } from '../reference/service/helpers.js';
import { NO_STACK_TRACE, runCli } from '../support/cli.js';

/** `greenlight load` end to end: the built CLI against the reference service, started in-process. */
const services = new Services();
const out = mkdtempSync(join(tmpdir(), 'greenlight-load-'));
let url: string;
beforeAll(async () => {
  url = (await services.start()).url;
});
afterAll(async () => {
  await services.closeAll();
  rmSync(out, { recursive: true, force: true });
});

interface LoadResult {
  schemaVersion: number;
  kind: string;
  url: string;
  seed: number;
  durationMs: number;
  load: LoadSummary;
}

const readResult = (file: string): LoadResult => JSON.parse(readFileSync(file, 'utf8')) as LoadResult;

describe('greenlight load', () => {
  it('runs a constant rate, prints the result and writes the load summary as JSON', async () => {
    const file = join(out, 'rate.json');
    const result = await runCli([
      'load',
      '--url',
      url,
      '--rate',
      '20',
      '--duration',
      '2s',
      '--json',
      file,
      '--seed',
      '7',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}rate {6}20 rps of 20 rps planned, 0 dropped$/m);
    expect(result.stdout).toMatch(/^ {2}TPOT /m);
    const document = readResult(file);
    expect(document).toMatchObject({ schemaVersion: 1, kind: 'chat', url, seed: 7, durationMs: 2_000 });
    expect(document.load).toMatchObject({
      engine: 'native',
      model: 'open',
      requests: 40,
      errors: 0,
      targetRps: 20,
      achievedRps: 20,
      droppedIterations: 0,
      outcomes: { '200': 40 },
      tokenCounting: { outputTokens: 'usage', requestsCountedByUsage: 40 },
      goodput: { goodRequests: 40, ratio: 1 },
    });
    for (const key of ['latencyMs', 'ttftMs', 'itlMs', 'tpotMs', 'scheduleLagMs'] as const) {
      expect(document.load[key]?.p50, key).toBeGreaterThan(0);
    }
    expect(document.load.outputTokensPerSecond).toBeGreaterThan(0);
  });

  it('runs a closed model and a preset profile, with other request kinds', async () => {
    const closed = join(out, 'closed.json');
    const closedRun = await runCli([
      'load',
      '--url',
      url,
      '--concurrency',
      '4',
      '--duration',
      '1s',
      '--kind',
      'completions',
      '--json',
      closed,
    ]);
    expect(closedRun.code, closedRun.stderr).toBe(0);
    expect(readResult(closed).load).toMatchObject({
      model: 'closed',
      concurrency: 4,
      targetRps: 0,
      droppedIterations: 0,
      errors: 0,
    });
    expect(readResult(closed).load.requests).toBeGreaterThan(4);

    const preset = join(out, 'preset.json');
    const presetRun = await runCli([
      'load',
      '--url',
      url,
      '--profile',
      'steady',
      '--duration',
      '1s',
      '--kind',
      'embeddings',
      '--json',
      preset,
    ]);
    expect(presetRun.code, presetRun.stderr).toBe(0);
    expect(readResult(preset).load).toMatchObject({ targetRps: 50, requests: 50, errors: 0, outputTokens: 0 });
  });

  it('greenlight list profiles shows every kind with its parameters, and the presets', async () => {
    const result = await runCli(['list', 'profiles']);
    expect(result.code, result.stderr).toBe(0);
    for (const kind of ['constant', 'ramp', 'spike', 'sine', 'step', 'sequence', 'sum'])
      expect(result.stdout).toMatch(new RegExp(`^ {2}${kind} +\\S`, 'm'));
    expect(result.stdout).toMatch(/baseRate, amplitude \(≤ baseRate\), period, phase/);
    expect(result.stdout).toMatch(/gamma with burstiness/);
    for (const preset of ['steady', 'ramp-up', 'spike', 'diurnal-sine', 'step-up'])
      expect(result.stdout).toContain(`loadprofiles/${preset} `);
    expect(result.stdout).not.toContain('(invalid');
  });

  it('exits 2 naming the flag for bad flags, and 3 when the URL is unreachable', async () => {
    const cases: [string[], RegExp][] = [
      [['--rate', '0'], /--rate/],
      [['--rate', '5', '--concurrency', '2'], /--rate.*--concurrency/],
      [['--profile', 'no-such-preset'], /--profile: no preset "no-such-preset"/],
      [['--rate', '5', '--duration', 'soon'], /--duration/],
      [['--rate', '5', '--kind', 'fax'], /--kind/],
      [[], /--profile NAME, --rate R or --concurrency N/],
    ];
    for (const [flags, message] of cases) {
      const result = await runCli(['load', '--url', url, ...flags]);
      expect(result.code, flags.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(NO_STACK_TRACE);
    }
    const unreachable = await runCli(['load', '--url', await closedPortUrl(), '--rate', '5', '--duration', '1s']);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/preflight: the target at .* is not reachable/);
    expect(unreachable.stderr).not.toMatch(NO_STACK_TRACE);
  });
});
