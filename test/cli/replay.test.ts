import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/**
 * `greenlight replay` of the quick start, through the built CLI on the real embedded stack: run
 * again from its journal (experiment, seed, engine), it reproduces; replayed with the controller
 * off, it does not, and says which rollback verdict and which switch differ.
 */
const folder = mkdtempSync(join(tmpdir(), 'greenlight-replay-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const runDirIn = (parent: string): string => join(parent, readdirSync(parent)[0]!);

describe('greenlight replay', () => {
  let original = '';

  it('says reproduced when the same run happens again', async () => {
    const first = await runCli(['run', '--out', join(folder, 'original')]);
    expect(first.code, first.stderr).toBe(0);
    original = runDirIn(join(folder, 'original'));

    const out = join(folder, 'replay');
    const replay = await runCli(['replay', original, '--out', out], { timeoutMs: 150_000 });
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
    expect(replay.stdout).toMatch(/REPRODUCED/);
    expect(replay.stdout).toMatch(/arrivals +planned the same/);
    expect(replay.stderr).toContain(`from replay of ${original}, seed 42`);
    expect(existsSync(join(runDirIn(out), 'diff.html'))).toBe(true);
  }, 240_000);

  it('says not reproduced, naming the rollback verdict and the switch, with the controller off', async () => {
    const replay = await runCli(['replay', original, '--no-controller', '--out', join(folder, 'no-controller')], {
      timeoutMs: 150_000,
    });
    expect(replay.code, replay.stdout + replay.stderr).toBe(1);
    expect(replay.stdout).toMatch(/NOT REPRODUCED/);
    expect(replay.stdout).toMatch(/the rollback verdict of rule "green errors" differs: fired-in-time vs missed/);
    expect(replay.stdout).toMatch(/a router switch at \+\d+\.\d s \(blue 50 \/ green 50 → blue\) is missing in run B/);
  }, 240_000);

  it('refuses a folder that is not a run with exit 2', async () => {
    const result = await runCli(['replay', folder]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no journal.ndjson here');
  });
});
