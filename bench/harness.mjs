// Shared plumbing of the benchmarks: the loopback server in a child process, the built CLI.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const here = import.meta.dirname;
export const CLI = join(here, '..', 'bin', 'greenlight.js');

/** Starts the loopback server; resolves with its URL and a stop(). */
export function startLoopbackServer() {
  const child = fork(join(here, 'loopback-server.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', ({ port }) =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        pid: child.pid,
        stop: () =>
          new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', done), child.kill('SIGTERM')))),
      }),
    );
  });
}

/**
 * Runs `greenlight load` with `args` and returns its --json result; `onPid` gets the CLI's pid
 * (for sampling its memory). Bounded: killed after `limitMs`.
 */
export function runLoad(args, { limitMs, onPid } = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-bench-'));
  const file = join(folder, 'result.json');
  const child = spawn(process.execPath, [CLI, 'load', ...args, '--json', file], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  onPid?.(child.pid);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const killer = limitMs ? setTimeout(() => child.kill('SIGKILL'), limitMs) : undefined;
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      clearTimeout(killer);
      try {
        if (code !== 0) throw new Error(`greenlight load exited ${code}: ${stderr.slice(-500)}`);
        resolve(JSON.parse(readFileSync(file, 'utf8')));
      } catch (error) {
        reject(error);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });
}

/** Resident set size of a process in MiB, from /proc; undefined once it has ended. */
export function rssMiB(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export const round = (value, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;
