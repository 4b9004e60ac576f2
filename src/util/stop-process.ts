import type { ChildProcess } from 'node:child_process';

const STOP_GRACE_MS = 3_000;

/**
 * Asks a child process to stop (`ask` sends the signal or closes its stdin) and kills it with
 * SIGKILL if it has not exited after a grace period. Resolves once it has exited.
 */
export function stopProcess(child: ChildProcess, ask: (child: ChildProcess) => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    ask(child);
  });
}
