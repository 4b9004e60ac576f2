import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_STACK_TRACE, runCli } from '../support/cli.js';

/**
 * `greenlight triggers check` with a broken definition exits 2 and names the file and the field,
 * before it looks at the run folder (here: an empty folder, which is not a run at all).
 */
const runDir = mkdtempSync(join(tmpdir(), 'greenlight-triggers-broken-'));
afterAll(() => rmSync(runDir, { recursive: true, force: true }));
// Bad YAML is written here rather than kept as a fixture, which the repository's formatter would refuse.
const badYaml = join(runDir, 'bad-yaml.yaml');
writeFileSync(
  badYaml,
  'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: x\n  spec: [unclosed\n',
);
const fixture = (name: string): string =>
  name === 'bad-yaml.yaml' ? badYaml : join('test/triggers/fixtures/broken', name);

describe('greenlight triggers check: broken definitions', () => {
  it.each([
    ['bad-yaml.yaml', /bad-yaml\.yaml: not valid YAML/],
    ['unknown-kind.yaml', /unknown-kind\.yaml: kind: expected an Argo AnalysisTemplate .* got kind "Deployment"/],
    ['missing-query.yaml', /missing-query\.yaml: spec\.metrics\.0\.provider\.prometheus\.query: required/],
    ['bad-condition.yaml', /bad-condition\.yaml: spec\.metrics\.0\.successCondition: cannot parse "result\[0\] <="/],
    ['flagger-no-range.yaml', /flagger-no-range\.yaml: spec\.analysis\.metrics\.0\.thresholdRange: required/],
  ])('%s exits 2 naming file and field', async (name, message) => {
    const result = await runCli(['triggers', 'check', runDir, '--file', fixture(name)]);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(NO_STACK_TRACE);
  });

  it('an Argo arg without a value exits 2 naming it', async () => {
    const result = await runCli(['triggers', 'check', runDir, '--file', 'test/triggers/fixtures/argo-late.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /argo-late\.yaml: spec\.metrics\.0\.provider\.prometheus\.query: uses \{\{args\.colour\}\} but the arg has no value/,
    );
  });

  it('a good definition on a folder that is no run exits 2 saying so', async () => {
    const result = await runCli(['triggers', 'check', runDir, '--file', 'triggers/argo-analysis-template.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no journal\.ndjson here/);
  });
});
