import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_STACK_TRACE, runCli } from '../../../support/cli.js';

/** `greenlight run --engine k6 --instances N` and `--k6-operator` through the built CLI (no k6 needed for a dry run). */
const out = mkdtempSync(join(tmpdir(), 'greenlight-cli-instances-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('greenlight run --engine k6 --instances / --k6-operator', () => {
  it('--dry-run --instances 2 --k6-operator writes the manifest and prints both command lines', async () => {
    const runOut = join(out, 'dry');
    const result = await runCli([
      'run',
      '--engine',
      'k6',
      '--dry-run',
      '--instances',
      '2',
      '--k6-operator',
      '--out',
      runOut,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [runId] = readdirSync(runOut);
    const runDir = join(runOut, runId!);
    expect(readdirSync(runDir).sort()).toEqual(['k6-operator.yaml', 'options.json', 'script.js']);
    expect(result.stdout).toContain(`k6-operator ${join(runDir, 'k6-operator.yaml')}`);
    expect(result.stderr).toContain(
      `k6 run --address '' --execution-segment 0:1/2 --execution-segment-sequence 0,1/2,1 --out json=${join(runDir, 'k6-results-0.ndjson')} ${join(runDir, 'script.js')}`,
    );
    expect(result.stderr).toContain('--execution-segment 1/2:1');
    expect(result.stderr).toContain(`kubectl apply -f ${join(runDir, 'k6-operator.yaml')}`);
  });

  it.each([
    [['run', '--instances', '2'], /--instances: only with --engine k6/],
    [['run', '--engine', 'k6', '--k6-operator'], /--k6-operator: only with --dry-run/],
    [['run', '--engine', 'k6', '--dry-run', '--workers', '2'], /--workers: the native engine only/],
    [['run', '--engine', 'k6', '--dry-run', '--instances', '0'], /expected a whole number of at least 1, got "0"/],
  ])('refuses %j with exit 2, before anything starts', async (args, message) => {
    const result = await runCli([...args, '--out', join(out, 'refused')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(NO_STACK_TRACE);
  });
});
