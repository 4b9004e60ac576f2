import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../../src/errors.js';
import { loadSchema } from '../../../../src/experiment/load-schema.js';
import { sloSchema } from '../../../../src/experiment/slo-schema.js';
import type { BucketEvent, JournalEvent } from '../../../../src/journal/events.js';
import { K6Engine, K6_RESULTS_FILE } from '../../../../src/load/engines/k6/index.js';

/**
 * FAKE k6: the k6 binary cannot be installed here, so a small Node script stands in for it. It
 * takes the arguments greenlight passes to `k6 run`, writes NDJSON in k6's documented
 * `--out json` format (hand-written, not real k6 output) and exits with a chosen code, so the
 * engine's process handling and ingest are exercised end to end. It sends no traffic.
 */
const folder = mkdtempSync(join(tmpdir(), 'greenlight-k6-engine-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function fakeK6(name: string, behaviour: { exitCode: number; waitForSigint?: boolean }): string {
  const path = join(folder, `fake-k6-${name}`);
  writeFileSync(
    path,
    `#!${process.execPath}
// FAKE k6 for greenlight's tests: not k6.
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.writeFileSync(${JSON.stringify(join(folder, `${name}.args.json`))}, JSON.stringify(args));
fs.writeFileSync(${JSON.stringify(join(folder, `${name}.headers.json`))}, process.env.GREENLIGHT_HEADERS ?? '');
const out = args[args.indexOf('--out') + 1].replace(/^json=/, '');
const point = (metric, value, tags, metadata) =>
  fs.appendFileSync(out, JSON.stringify({ type: 'Point', metric, data: { time: new Date().toISOString(), value, tags, ...(metadata ? { metadata } : {}) } }) + '\\n');
const request = (colour, outcome, ok, ms) =>
  point('greenlight_request', ms, { colour, outcome, ok: String(ok), phase: 'main', scenario: 'greenlight' },
    { greenlight_ttft_ms: ok ? '20' : '', greenlight_input_tokens: '10', greenlight_output_tokens: ok ? '5' : '0', greenlight_output_tokens_from: ok ? 'usage' : 'none' });
fs.appendFileSync(out, JSON.stringify({ type: 'Metric', metric: 'greenlight_request', data: { name: 'greenlight_request', type: 'trend', contains: 'time', thresholds: [], submetrics: null } }) + '\\n');
request('blue', '200', true, 50);
request('blue', '200', true, 60);
request('green', '503', false, 5);
point('dropped_iterations', 1, { scenario: 'greenlight' });
if (${behaviour.waitForSigint === true}) {
  const giveUp = setTimeout(() => process.exit(1), 20000);
  process.on('SIGINT', () => { request('green', '200', true, 70); clearTimeout(giveUp); process.exit(105); });
} else {
  process.stderr.write('fake k6 ends with ${behaviour.exitCode}\\n');
  process.exit(${behaviour.exitCode});
}
`,
  );
  chmodSync(path, 0o755);
  return path;
}

function plan(runDir: string): Parameters<K6Engine['run']>[0] {
  return {
    url: 'http://127.0.0.1:9',
    load: loadSchema.parse({ profile: { kind: 'constant', rate: 5 } }),
    startAt: Date.now() + 100,
    durationMs: 2000,
    seed: 3,
    runDir,
  };
}

function engine(binary: string, notices: string[] = []): K6Engine {
  return new K6Engine({
    binary,
    slos: [sloSchema.parse({ name: 'errors', metric: 'error-rate', below: 0.5 })],
    phases: [{ name: 'main', duration: 2000 }],
    onNotice: (message) => notices.push(message),
  });
}

function buckets(events: JournalEvent[]): BucketEvent[] {
  return events.filter((e): e is BucketEvent => e.type === 'bucket');
}

describe('K6Engine with a FAKE k6 executable', () => {
  it('writes the script and options, runs `k6 run --out json=…`, and ingests the results into buckets', async () => {
    const runDir = mkdtempSync(join(folder, 'ok-'));
    const events: JournalEvent[] = [];
    const k6 = engine(fakeK6('ok', { exitCode: 0 }));
    await k6.run(plan(runDir), { append: (event) => events.push(event) }, new AbortController().signal);

    expect(existsSync(join(runDir, 'script.js'))).toBe(true);
    expect(JSON.parse(readFileSync(join(runDir, 'options.json'), 'utf8'))).toMatchObject({
      thresholds: { greenlight_failed: ['rate<0.5'] },
    });
    const args = JSON.parse(readFileSync(join(folder, 'ok.args.json'), 'utf8')) as string[];
    expect(args).toEqual([
      'run',
      '--address',
      '',
      '--out',
      `json=${join(runDir, K6_RESULTS_FILE)}`,
      join(runDir, 'script.js'),
    ]);

    expect(events.find((e) => e.type === 'load.method')).toMatchObject({
      engine: 'k6',
      ttftMethod: 'k6-time-to-first-byte',
    });
    const all = buckets(events);
    expect(all.reduce((sum, b) => sum + b.requests, 0)).toBe(3);
    expect(all.reduce((sum, b) => sum + b.errors, 0)).toBe(1);
    expect(all.reduce((sum, b) => sum + b.dropped, 0)).toBe(1);
    expect(all.filter((b) => b.colour === 'blue').reduce((sum, b) => sum + (b.outcomes['200'] ?? 0), 0)).toBe(2);
    expect(k6.progress()).toMatchObject({ completed: 3, errors: 1, dropped: 1 });
  });

  it("passes the target's headers in k6's environment, never in the script file", async () => {
    const runDir = mkdtempSync(join(folder, 'headers-'));
    const headers = { Authorization: 'Bearer s3cret-value' };
    await engine(fakeK6('headers', { exitCode: 0 })).run(
      { ...plan(runDir), headers },
      { append: () => undefined },
      new AbortController().signal,
    );

    expect(JSON.parse(readFileSync(join(folder, 'headers.headers.json'), 'utf8'))).toEqual(headers);
    const script = readFileSync(join(runDir, 'script.js'), 'utf8');
    expect(script).toContain('GREENLIGHT_HEADERS');
    expect(script).not.toContain('s3cret-value');
  });

  it('says when k6’s thresholds failed (exit 99) but leaves the verdict to the journal', async () => {
    const notices: string[] = [];
    const events: JournalEvent[] = [];
    await engine(fakeK6('thresholds', { exitCode: 99 }), notices).run(
      plan(mkdtempSync(join(folder, 't-'))),
      { append: (e) => events.push(e) },
      new AbortController().signal,
    );
    expect(notices).toEqual([expect.stringContaining("k6's thresholds failed")]);
    expect(buckets(events).length).toBeGreaterThan(0);
  });

  it.each([
    [104, /code 104: k6 rejected the generated options/],
    [107, /code 107: the generated script threw an exception/],
    [108, /code 108: the script called test\.abort\(\)/],
  ])('maps k6 exit code %i to a clear environment error', async (code, message) => {
    const run = engine(fakeK6(`exit-${code}`, { exitCode: code })).run(
      plan(mkdtempSync(join(folder, 'e-'))),
      { append: () => undefined },
      new AbortController().signal,
    );
    await expect(run).rejects.toThrow(EnvironmentError);
    await expect(run).rejects.toThrow(message);
    await expect(run).rejects.toThrow(/fake k6 ends with/);
  });

  it('on abort sends k6 SIGINT, ingests what it wrote, and resolves', async () => {
    const events: JournalEvent[] = [];
    const abort = new AbortController();
    const k6 = engine(fakeK6('abort', { exitCode: 0, waitForSigint: true }));
    const run = k6.run(plan(mkdtempSync(join(folder, 'a-'))), { append: (e) => events.push(e) }, abort.signal);
    await expect.poll(() => k6.progress().completed, { timeout: 10_000 }).toBe(3);
    abort.abort();
    await run;
    expect(buckets(events).reduce((sum, b) => sum + b.requests, 0)).toBe(4);
  });

  it('a missing executable is an environment error', async () => {
    const run = engine(join(folder, 'no-such-k6')).run(
      plan(mkdtempSync(join(folder, 'm-'))),
      { append: () => undefined },
      new AbortController().signal,
    );
    await expect(run).rejects.toThrow(/cannot start k6/);
  });
});
