import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/evaluate/summary.js';
import { NO_STACK_TRACE, processesWithMarker, runCli, startCli } from '../support/cli.js';

/**
 * `greenlight gate scenarios/release-gate.ts` end to end on the embedded stack: 50/50 split,
 * controller off, 15 s compared (about 180 requests per colour). An equal green passes; a green
 * whose decode is 20 % slower (about 20 % more end-to-end latency) fails on latency. An equal
 * green fails by chance in under 5 % of runs even in theory (the test is one-sided against blue
 * scaled up by the margin, which an equal green sits well inside), and far less here: latency
 * varies by a few percent around its median, so the equal runs' p-values come out near 1.
 */
const out = mkdtempSync(join(tmpdir(), 'greenlight-gate-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const scenario = resolve('scenarios/release-gate.ts');

function onlyRunDir(parent: string): string {
  const entries = readdirSync(parent);
  expect(entries).toHaveLength(1);
  return join(parent, entries[0]!);
}

function variant(name: string, body: string): string {
  const folder = join(out, `${name}-experiment`);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'experiment.ts');
  writeFileSync(file, `import gate from ${JSON.stringify(scenario)};\nexport default ${body};\n`);
  return file;
}

describe('greenlight gate (release gate on the embedded stack)', () => {
  it('passes a green equal to blue, explaining each comparison', async () => {
    const folder = join(out, 'equal');
    const run = startCli(['gate', 'scenarios/release-gate.ts', '--out', folder]);
    const result = await run.result;
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toMatch(/^ {2}gate {6}PASS: green against blue at 95 % confidence$/m);
    expect(result.stdout).toMatch(/pass latency: no evidence that green's latency is more than 5 % slower than blue/);
    const runDir = onlyRunDir(folder);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Summary;
    expect(summary.verdict).toBe('pass');
    expect(summary.gate).toMatchObject({ verdict: 'pass', confidence: 0.95, phase: 'compare' });
    expect(summary.gate!.comparisons.map((c) => [c.metric, c.decision])).toEqual([
      ['latency', 'pass'],
      ['ttft', 'pass'],
      ['error-rate', 'pass'],
    ]);
    for (const comparison of summary.gate!.comparisons)
      expect(comparison.greenSamples, comparison.metric).toBeGreaterThanOrEqual(100);
    const html = readFileSync(join(runDir, 'index.html'), 'utf8');
    expect(html).toContain('<section id="gate"><h2>Release gate</h2>');
    expect(html).toContain('no evidence that green&#39;s latency is more than 5 % slower than blue');
    expect(processesWithMarker(run.marker)).toEqual([]);
  });

  it('fails a green whose decode is 20 % slower, on latency, and says why', async () => {
    const folder = join(out, 'slow');
    const experiment = variant(
      'slow',
      "{ ...gate, name: 'slow-green', target: { ...gate.target, green: { decodeSlowdown: 1.2 } } }",
    );
    const result = await runCli(['gate', experiment, '--out', folder]);
    expect(result.code, result.stderr + result.stdout).toBe(1);
    expect(result.stdout).toMatch(/^verdict: FAIL/m);
    expect(result.stdout).toMatch(
      /FAIL latency: green's latency is more than 5 % slower than blue \(median ratio 1\.\d+\): p = \S+ < 0\.05/,
    );
    const runDir = onlyRunDir(folder);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Summary;
    const latency = summary.gate!.comparisons.find((c) => c.metric === 'latency')!;
    expect(latency).toMatchObject({ test: 'mann-whitney-u', decision: 'fail', margin: 0.05 });
    expect(latency.pValue!).toBeLessThan(0.05);
    expect(latency.effect!).toBeGreaterThan(1.1);
    expect(summary.reasons.some((reason) => reason.startsWith('release gate, latency: '))).toBe(true);
    const html = readFileSync(join(runDir, 'index.html'), 'utf8');
    expect(html).toContain('green&#39;s latency is more than 5 % slower than blue (median ratio');
  });

  it('refuses an experiment that sends no traffic to one colour (exit 2, names the field)', async () => {
    const experiment = variant(
      'one-sided',
      '{ ...gate, target: { ...gate.target, router: { ...gate.target.router, weights: { blue: 100, green: 0 } } } }',
    );
    const result = await runCli(['gate', experiment, '--out', join(out, 'one-sided')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/experiment\.ts: target\.router\.weights: the release gate compares blue with green/);
    expect(result.stderr).not.toMatch(NO_STACK_TRACE);
  });
});
