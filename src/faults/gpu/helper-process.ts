import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EnvironmentError } from '../../errors.js';
import { packageRoot } from '../../util/package-root.js';
import { heldMiBFrom, holdAmountArgs, type GpuHoldRequest } from './hold.js';

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Starts `greenlight gpu hold` as a process of its own: CUDA memory belongs to a process, so the
 * allocation ends with it, whatever happens to the run. Its stdin is a pipe from this process,
 * so it also lets go when the run dies.
 */
export async function startGpuHelper(request: GpuHoldRequest): Promise<{ pid: number; heldMiB: number }> {
  const args = [
    join(packageRoot(), 'bin', 'greenlight.js'),
    'gpu',
    'hold',
    '--device',
    String(request.device),
    ...holdAmountArgs(request),
    '--exit-with-parent',
  ];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(
        new EnvironmentError(
          `GPU memory helper ${why}${stderr.length > 0 ? `: ${stderr.join('').trim().slice(-500)}` : ''}`,
        ),
      );
    };
    const timer = setTimeout(() => fail(`did not allocate within ${READY_TIMEOUT_MS / 1000}s`), READY_TIMEOUT_MS);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const heldMiB = heldMiBFrom(line);
      if (heldMiB === undefined) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve({ pid: child.pid ?? -1, heldMiB });
    });
    const onExit = (code: number | null): void => fail(`exited with code ${code}`);
    child.once('exit', onExit);
  });
}

/** Stops a helper by pid (also from `greenlight cleanup`); a pid that is no longer a helper is left alone. */
export async function stopGpuHelper(pid: number): Promise<void> {
  if (!isGpuHelper(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isGpuHelper(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (isGpuHelper(pid)) process.kill(pid, 'SIGKILL');
}

function isGpuHelper(pid: number): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.includes('gpu') && argv.includes('hold');
  } catch {
    return false;
  }
}
