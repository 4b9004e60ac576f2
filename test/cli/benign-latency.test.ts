import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/evaluate/summary.js';
import { runCli } from '../support/cli.js';

/**
 * scenarios/benign-latency.ts end to end on the embedded stack: a small latency fault on green
 * must not trigger a rollback; a controller tuned too tightly switches anyway, and greenlight
 * must call that a false positive and fail the run.
 */
const out = mkdtempSync(join(tmpdir(), 'greenlight-benign-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function summaryIn(parent: string): Summary {
  const entries = readdirSync(parent);
  expect(entries).toHaveLength(1);
  return JSON.parse(readFileSync(join(parent, entries[0]!, 'summary.json'), 'utf8')) as Summary;
}

describe('greenlight run scenarios/benign-latency.ts', () => {
  it('passes with no switch', async () => {
    const folder = join(out, 'benign');
    const result = await runCli(['run', 'scenarios/benign-latency.ts', '--out', folder]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toMatch(/^verdict: PASS/m);
    const summary = summaryIn(folder);
    expect(summary.rollback.switches).toEqual([]);
    expect(summary.rollback.rules.map((rule) => rule.verdict)).toEqual(['not-triggered', 'not-triggered']);
    expect(summary.faults[0]).toMatchObject({ name: 'green-latency' });
    expect(summary.faults[0]!.appliedAt).not.toBeNull();
  });

  it('fails as a false positive when the controller is tuned too tightly and switches anyway', async () => {
    const folder = join(out, 'tight');
    const experimentFolder = join(out, 'tight-experiment');
    mkdirSync(experimentFolder);
    const experiment = join(experimentFolder, 'experiment.ts');
    writeFileSync(
      experiment,
      `import benign from ${JSON.stringify(resolve('scenarios/benign-latency.ts'))};
export default {
  ...benign,
  target: {
    ...benign.target,
    router: { ...benign.target.router, controller: { rules: [{ colour: 'green', metric: 'latency', above: 300, window: '5s', minRequests: 10 }] } },
  },
};
`,
    );
    const result = await runCli(['run', experiment, '--out', folder]);
    expect(result.code, result.stderr + result.stdout).toBe(1);
    expect(result.stdout).toMatch(/^verdict: FAIL/m);
    expect(result.stdout).toContain('FALSE POSITIVE');
    const summary = summaryIn(folder);
    expect(summary.rollback.switches.at(-1)).toMatchObject({ to: 'blue' });
    expect(summary.rollback.rules.some((rule) => rule.verdict === 'false-positive')).toBe(true);
    expect(summary.reasons.some((reason) => reason.includes('false-positive'))).toBe(true);
  });
});
