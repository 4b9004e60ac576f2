import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { spawnHeld } from '../../src/util/held-process.js';

const ROOT = join(import.meta.dirname, '..', '..');

function alive(pid: number): boolean {
  return existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The pid of the program a holder shell started: its only child. */
function heldPid(shellPid: number): number {
  const children = readFileSync(`/proc/${shellPid}/task/${shellPid}/children`, 'utf8').trim().split(/\s+/);
  return Number(children[0]);
}

describe('a held process', () => {
  it('stops with stop(), and passes its arguments without a shell parsing them', async () => {
    const held = spawnHeld('/bin/echo', ['$HOME; `id`'], { stdout: 'capture' });
    await until(() => held.output().length > 0);
    expect(held.output()).toBe('$HOME; `id`\n');
    const sleeper = spawnHeld('/bin/sleep', ['30']);
    await until(
      () => readFileSync(`/proc/${sleeper.child.pid}/task/${sleeper.child.pid}/children`, 'utf8').trim() !== '',
    );
    const pid = heldPid(sleeper.child.pid!);
    await sleeper.stop();
    await until(() => !alive(pid));
    await held.stop();
  });

  it('stops when the process that started it is killed with SIGKILL', async () => {
    // The parent is a plain node process running the module as esbuild compiles it.
    const folder = mkdtempSync(join(tmpdir(), 'greenlight-held-'));
    const compiled = join(folder, 'held-process.mjs');
    await build({
      entryPoints: [join(ROOT, 'src/util/held-process.ts')],
      outfile: compiled,
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'warning',
    });
    const script = `import { spawnHeld } from ${JSON.stringify(compiled)};
const held = spawnHeld('/bin/sleep', ['30']);
process.stdout.write(String(held.child.pid) + '\\n');
setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const shellPid = await new Promise<number>((resolve) =>
      parent.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    await until(() => readFileSync(`/proc/${shellPid}/task/${shellPid}/children`, 'utf8').trim() !== '');
    const pid = heldPid(shellPid);
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    await until(() => !alive(pid));
    rmSync(folder, { recursive: true, force: true });
  });
});
