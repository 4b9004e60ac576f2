import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Summary } from '../../src/evaluate/summary.js';
import type { JournalEvent } from '../../src/journal/events.js';
import { NO_STACK_TRACE, processesWithMarker, runCli, startCli } from '../support/cli.js';

/**
 * The run flow's exits, end to end through the built CLI on the real embedded stack: the steady
 * state stopping a run whose baseline already fails (and not when turned off), a halt condition
 * ending a run early, and a bad referenced file refused before anything starts.
 */
const folder = mkdtempSync(join(tmpdir(), 'greenlight-run-flow-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const CHAT_LOAD = `{
    profile: { kind: 'constant', rate: 12 },
    workload: { mix: [{ request: { kind: 'chat', stream: true, promptTokens: 40, maxTokens: 8 } }] },
  }`;

function experimentFile(name: string, fields: string, load = CHAT_LOAD): string {
  const path = join(folder, `${name}.ts`);
  writeFileSync(path, `export default {\n  name: '${name}',\n  seed: 3,\n  load: ${load},\n  ${fields}\n};\n`);
  return path;
}

function onlyRunDir(parent: string): string {
  const entries = readdirSync(parent);
  expect(entries).toHaveLength(1);
  return join(parent, entries[0]!);
}

const readSummary = (runDir: string): Summary =>
  JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Summary;

const readEvents = (runDir: string): JournalEvent[] =>
  readFileSync(join(runDir, 'journal.ndjson'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JournalEvent);

/** Green already fails 30 % of its requests before any fault; its baseline SLO says it must not. */
const UNHEALTHY_GREEN = `
  target: { kind: 'embedded', green: { errorRate: 0.3 } },
  phases: [{ name: 'baseline', duration: '4s' }, { name: 'fault', duration: '4s' }, { name: 'recovery', duration: '2s' }],
  faults: [{ name: 'green-latency', kind: 'latency', target: 'green', during: 'fault', latency: 100 }],
  slos: [{ name: 'green healthy before the fault', colour: 'green', phase: 'baseline', metric: 'error-rate', below: 0.05 }],`;

describe('the run flow through the CLI', () => {
  it('stops a run whose baseline already fails: no fault injected, "steady state not met", exit 1', async () => {
    const out = join(folder, 'unhealthy');
    const result = await runCli(['run', experimentFile('unhealthy-before', UNHEALTHY_GREEN), '--out', out]);
    expect(result.code, result.stderr + result.stdout).toBe(1);
    expect(result.stdout).toMatch(/^verdict: FAIL/m);
    expect(result.stdout).toContain('steady state not met before the first fault');

    const runDir = onlyRunDir(out);
    const events = readEvents(runDir);
    expect(events.some((event) => event.type === 'fault.applied')).toBe(false);
    const steadyState = events.find((event) => event.type === 'steady-state');
    expect(steadyState).toMatchObject({ met: false, phase: 'baseline' });
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', reason: 'steady-state-not-met' });
    const summary = readSummary(runDir);
    expect(summary.verdict).toBe('fail');
    expect(summary.steadyState).toMatchObject({ checked: true, met: false, phase: 'baseline' });
    const check = summary.steadyState!.checks[0]!;
    expect(check).toMatchObject({ name: 'green healthy before the fault', pass: false });
    expect(check.observed!).toBeGreaterThan(0.05);
    // The only reason is the unhealthy baseline: nothing after it is blamed on a fault or trigger.
    expect(summary.reasons).toHaveLength(1);
    expect(summary.reasons[0]).toContain('the system was already unhealthy in baseline, so no fault was injected');
    const html = readFileSync(join(runDir, 'index.html'), 'utf8');
    expect(html).toContain('unhealthy before any fault');
  });

  it('injects the faults anyway when steadyState is false', async () => {
    const out = join(folder, 'unchecked');
    const file = experimentFile('unchecked-baseline', `${UNHEALTHY_GREEN}\n  steadyState: false,`);
    const result = await runCli(['run', file, '--out', out]);
    const events = readEvents(onlyRunDir(out));
    expect(result.code, result.stderr).toBe(1); // green's baseline SLO still fails the verdict
    expect(events.some((event) => event.type === 'steady-state')).toBe(false);
    expect(events.filter((event) => event.type === 'fault.applied').map((event) => event.type)).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', reason: 'completed' });
  });

  it('lets a healthy baseline through: the check is journaled as met and the faults follow it', async () => {
    const out = join(folder, 'healthy');
    const file = experimentFile('healthy-before', UNHEALTHY_GREEN.replace('errorRate: 0.3', 'errorRate: 0'));
    const result = await runCli(['run', file, '--out', out]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const events = readEvents(onlyRunDir(out));
    const checkAt = events.findIndex((event) => event.type === 'steady-state');
    const appliedAt = events.findIndex((event) => event.type === 'fault.applied');
    expect(events[checkAt]).toMatchObject({ met: true });
    expect(appliedAt).toBeGreaterThan(checkAt);
  });

  it('ends a run at once when a halt condition holds: faults reverted, "halted", exit 1', async () => {
    const out = join(folder, 'halt');
    const file = experimentFile(
      'halt-on-outage',
      `phases: [{ name: 'baseline', duration: '3s' }, { name: 'fault', duration: '12s' }, { name: 'recovery', duration: '3s' }],
  faults: [{ name: 'green-down', kind: 'outage', target: 'green', during: 'fault' }],
  halt: [{ name: 'green collapses', colour: 'green', metric: 'error-rate', above: 0.3, window: '2s', minRequests: 4 }],`,
    );
    const run = startCli(['run', file, '--no-controller', '--out', out]);
    const result = await run.result;
    expect(result.code, result.stderr + result.stdout).toBe(1);
    const runDir = onlyRunDir(out);
    const events = readEvents(runDir);
    const start = events[0]!.t;
    const halt = events.find((event) => event.type === 'halt');
    expect(halt).toBeDefined();
    expect(halt!.t - start).toBeLessThan(15_000); // well before the fault phase ends
    const reverted = events.find((event) => event.type === 'fault.reverted');
    expect(reverted!.t).toBeGreaterThanOrEqual(halt!.t);
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', reason: 'halted' });
    const summary = readSummary(runDir);
    expect(summary.halt?.reason).toContain('green collapses');
    expect(summary.reasons.join('\n')).toContain('halted: green collapses');
    expect(summary.cleanup).toEqual({ clean: true, leftovers: [] });
    expect(processesWithMarker(run.marker)).toEqual([]);
  });

  it('after SIGKILL of an embedded run, cleanup says the faults went with the stack and exits 0', async () => {
    const out = join(folder, 'killed');
    const file = experimentFile(
      'killed-embedded',
      `phases: [{ name: 'baseline', duration: '2s' }, { name: 'fault', duration: '60s' }],
  faults: [
    { name: 'green-vram', kind: 'gpu-memory-pressure', target: 'green', during: 'fault', percent: 20 },
    { name: 'green-slow', kind: 'latency', target: 'green', during: 'fault', latency: 50 },
  ],`,
    );
    const run = startCli(['run', file, '--out', out]);
    await run.waitForStderr(/fault applied +green-slow/);
    await run.waitForStderr(/fault applied +green-vram/);
    run.child.kill('SIGKILL');
    await run.result;
    await vi.waitFor(() => expect(processesWithMarker(run.marker)).toEqual([]), { timeout: 10_000 });
    const runDir = onlyRunDir(out);
    expect(existsSync(join(runDir, 'lease.json'))).toBe(true);

    const cleanup = await runCli(['cleanup', runDir]);
    expect(cleanup.code, cleanup.stderr).toBe(0);
    expect(cleanup.stdout).toMatch(/gpu-memory-pressure "green-vram" on green: gone with its target/);
    expect(cleanup.stdout).toMatch(/latency "green-slow" on green: gone with its target/);
    expect(cleanup.stdout).toContain('0 fault(s) reverted, 2 gone with their target');
    expect(existsSync(join(runDir, 'lease.json'))).toBe(false);
  });

  it('refuses a missing dataset (relative to the experiment file) with exit 2 before anything starts', async () => {
    const out = join(folder, 'bad-dataset');
    const file = experimentFile(
      'bad-dataset',
      `phases: [{ name: 'only', duration: '2s' }],`,
      `{ profile: { kind: 'constant', rate: 2 }, workload: { mix: [{ request: { kind: 'chat', dataset: 'prompts.jsonl' } }] } }`,
    );
    for (const args of [
      ['validate', file],
      ['run', file, '--out', out],
    ]) {
      const result = await runCli(args);
      const command = args[0];
      expect(result.code, `${command}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toContain('load.workload.mix.0.request.dataset');
      expect(result.stderr).toContain(join(folder, 'prompts.jsonl'));
      expect(result.stderr).not.toMatch(NO_STACK_TRACE);
    }
    expect(existsSync(out)).toBe(false);

    writeFileSync(join(folder, 'prompts.jsonl'), '{"prompt": "hello there"}\n');
    const valid = await runCli(['validate', file]);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toContain(`${join(folder, 'prompts.jsonl')} (dataset, read and checked)`);
  });
});
