import { spawn, type ChildProcess } from 'node:child_process';
import { stopProcess } from './stop-process.js';

/**
 * Servers such as HAProxy and Prometheus do not watch their parent, so a shell holds them: when
 * the shell's stdin closes (the parent stopped it, or died even by SIGKILL) the shell stops the
 * server and waits for it.
 */
const HOLDER = '"$0" "$@" & pid=$!; cat >/dev/null; kill $pid 2>/dev/null; wait $pid';

export interface HeldProcess {
  child: ChildProcess;
  /** What the server wrote on stderr so far. */
  stderr: () => string;
  /** Stops the server (closing the holder's stdin) and resolves once it has exited. */
  stop: () => Promise<void>;
}

/** Starts `binary args…` under the holder shell, its stdout ignored and stderr kept. */
export function spawnHeld(binary: string, args: readonly string[]): HeldProcess {
  const child = spawn('/bin/sh', ['-c', HOLDER, binary, ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  return {
    child,
    stderr: () => stderr.join(''),
    stop: () => stopProcess(child, (holder) => holder.stdin?.end()),
  };
}
