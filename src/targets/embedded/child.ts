import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EnvironmentError } from '../../errors.js';
import { packageRoot } from '../../util/package-root.js';
import { stopProcess } from '../../util/stop-process.js';

/** Children announce themselves with this line on stdout once they listen. */
export const READY_PATTERN = /listening on (http:\/\/127\.0\.0\.1:\d+)/;
const READY_TIMEOUT_MS = 15_000;

export interface ChildServer {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `greenlight <args>` as a child process and waits for its ready line. The child's stdin
 * is a pipe it watches: if this process dies, even by SIGKILL, the pipe closes and the child
 * exits too (see `exitWithParent`), so no service outlives its run.
 */
export async function startChild(name: string, args: readonly string[]): Promise<ChildServer> {
  const cli = join(packageRoot(), 'bin', 'greenlight.js');
  const child = spawn(process.execPath, [cli, ...args, '--exit-with-parent'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const url = await waitForReady(name, child, stderr);
  return { name, url, pid: child.pid ?? -1, stop: () => stopProcess(child, (c) => c.kill('SIGTERM')) };
}

function waitForReady(name: string, child: ChildProcess, stderr: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      const detail = stderr.join('').trim().split('\n').slice(-5).join('\n');
      reject(new EnvironmentError(`${name} did not start: ${why}${detail ? `\n${detail}` : ''}`));
    };
    const timer = setTimeout(() => fail(`no ready line within ${READY_TIMEOUT_MS / 1000}s`), READY_TIMEOUT_MS);
    lines.on('line', (line) => {
      const match = READY_PATTERN.exec(line);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(match[1]);
    });
    const onExit = (code: number | null, signal: string | null): void => fail(`exited (${signal ?? `code ${code}`})`);
    child.once('exit', onExit);
    child.once('error', (error) => fail(error.message));
  });
}

/** In a child: exit when the parent's end of stdin closes (the parent died or let go). */
export function exitWithParent(onExit: () => Promise<void>): void {
  process.stdin.on('end', () => void onExit().finally(() => process.exit(0)));
  process.stdin.on('error', () => void onExit().finally(() => process.exit(0)));
  process.stdin.resume();
}
