import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_STACK_TRACE, processesWithMarker, runCli, startCli } from '../support/cli.js';

/** `greenlight run --engine k6` through the built CLI, on a machine without k6 (as CI is). */
const out = mkdtempSync(join(tmpdir(), 'greenlight-run-k6-'));
const emptyPath = mkdtempSync(join(tmpdir(), 'greenlight-no-k6-'));
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(emptyPath, { recursive: true, force: true });
});

const saved = { PATH: process.env.PATH, K6_BINARY: process.env.K6_BINARY };
beforeEach(() => {
  // The CLI child inherits this environment: a PATH with no k6 on it.
  process.env.PATH = emptyPath;
  delete process.env.K6_BINARY;
});
afterEach(() => {
  process.env.PATH = saved.PATH;
  if (saved.K6_BINARY === undefined) delete process.env.K6_BINARY;
  else process.env.K6_BINARY = saved.K6_BINARY;
});

describe('greenlight run --engine k6', () => {
  it('exits 3 before anything starts when k6 is not on PATH, and says how to install it', async () => {
    const runOut = join(out, 'missing');
    const cli = startCli(['run', '--engine', 'k6', '--out', runOut]);
    const result = await cli.result;
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('no k6 executable on PATH');
    expect(result.stderr).toMatch(/Install k6/);
    expect(result.stderr).toMatch(/native engine \(--engine native, the default\)/);
    expect(result.stderr).not.toMatch(NO_STACK_TRACE);
    expect(existsSync(runOut)).toBe(false);
    expect(processesWithMarker(cli.marker)).toEqual([]);
  });

  it('--dry-run writes script.js and options.json into a new run folder and prints their paths', async () => {
    const runOut = join(out, 'dry');
    const cli = startCli(['run', '--engine', 'k6', '--dry-run', '--out', runOut]);
    const result = await cli.result;
    expect(result.code).toBe(0);
    const [runId] = readdirSync(runOut);
    const runDir = join(runOut, runId!);
    expect(readdirSync(runDir).sort()).toEqual(['options.json', 'script.js']);
    expect(result.stdout).toContain(join(runDir, 'script.js'));
    expect(result.stdout).toContain(join(runDir, 'options.json'));
    expect(result.stderr).toMatch(/largest error \d+\.\d+ %; nothing was started/);
    const options = JSON.parse(readFileSync(join(runDir, 'options.json'), 'utf8')) as {
      scenarios: Record<string, { executor: string }>;
    };
    expect(Object.values(options.scenarios)[0]?.executor).toBe('ramping-arrival-rate');
    expect(processesWithMarker(cli.marker)).toEqual([]);
  });

  it('--dry-run without --engine k6 is bad input (exit 2)', async () => {
    const result = await runCli(['run', '--dry-run', '--out', join(out, 'native-dry')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--dry-run: only with --engine k6');
  });

  it('--help lists the k6 engine and --dry-run', async () => {
    const result = await runCli(['run', '--help']);
    const help = result.stdout.replace(/\s+/g, ' ');
    expect(help).toContain('"native", "k6"');
    expect(help).toContain('--dry-run with --engine k6: write script.js and options.json');
  });
});
