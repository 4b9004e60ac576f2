import { spawn, type ChildProcess } from 'node:child_process';
import { stopProcess } from './stop-process.js';

/**
 * A program that does not watch its parent (HAProxy, nginx, a script) runs under a small shell
 * that holds it: when the shell's stdin closes (the parent stopped it, or died even by SIGKILL)
 * the shell stops the program with SIGTERM and waits for it.
 */
const HOLDER = '"$@" & pid=$!; cat >/dev/null; kill $pid 2>/dev/null; wait $pid';

export interface HeldProcess {
  child: ChildProcess;
  /** What the program wrote to stderr so far (and stdout, when `stdout: 'capture'`). */
  output(): string;
  /** Stops the program (SIGTERM, SIGKILL after a grace period) and resolves once it has exited. */
  stop(): Promise<void>;
}

/** Starts `command args…` held by its parent's life. `argv` is passed as is: no shell parses it. */
export function spawnHeld(
  command: string,
  args: readonly string[],
  options: { stdout?: 'ignore' | 'capture'; env?: NodeJS.ProcessEnv } = {},
): HeldProcess {
  const child = spawn('/bin/sh', ['-c', HOLDER, 'held', command, ...args], {
    stdio: ['pipe', options.stdout === 'capture' ? 'pipe' : 'ignore', 'pipe'],
    ...(options.env ? { env: options.env } : {}),
  });
  const output: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  return {
    child,
    output: () => output.join(''),
    stop: () => stopProcess(child, (holder) => holder.stdin?.end()),
  };
}
