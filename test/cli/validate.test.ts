import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_STACK_TRACE, runCli } from '../support/cli.js';

const folder = mkdtempSync(join(tmpdir(), 'greenlight-validate-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function file(name: string, contents: string): string {
  const path = join(folder, name);
  writeFileSync(path, contents);
  return path;
}

describe('greenlight validate', () => {
  it('accepts the quick start and prints its outline', async () => {
    const result = await runCli(['validate', 'scenarios/quickstart.ts']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('scenarios/quickstart.ts: valid');
    expect(result.stdout).toContain('baseline 10s → fault 20s → recovery 10s');
    expect(result.stdout).toContain('green errors: green error rate > 5 % over 10s → blue within 15s');
  });

  it.each([
    ['broken.ts', 'export default { name: ', /broken\.ts:\d+:\d+: cannot compile the experiment/],
    ['empty.ts', '', /empty\.ts: expected the file to export an experiment object .*no default export/],
    [
      'shape.ts',
      `export default { name: 'x', load: { profile: { kind: 'constant', rate: -1 } }, phases: [] };`,
      /shape\.ts: 2 problems in the experiment\n\s+load\.profile\.rate: .*\n\s+phases: at least one phase is needed/,
    ],
    ['array.json', '[1, 2]', /array\.json: expected the file to export an experiment object .*got an array/],
  ])('rejects %s with exit 2, naming the file and field, without a stack trace', async (name, contents, message) => {
    const result = await runCli(['validate', file(name, contents)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(NO_STACK_TRACE);
  });

  it('rejects a missing file and unknown flags with exit 2', async () => {
    const missing = await runCli(['validate', join(folder, 'nope.ts')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.ts: no such experiment file');
    const badFlag = await runCli(['run', '--seed', 'abc']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('expected a whole number');
  });
});
