import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '..', '..', 'bin', 'greenlight.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  child: ChildProcess;
  /** Every process started by this run (the CLI and its children) carries this in its environment. */
  marker: string;
  result: Promise<CliResult>;
  /** Resolves once stderr has matched the pattern. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves once stdout has matched the pattern. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export interface CliOptions {
  cwd?: string;
  timeoutMs?: number;
  /** Added to the CLI's environment. */
  env?: Record<string, string>;
}

/** Starts the built CLI (`bin/greenlight.js`) as a user would, bounded by `timeoutMs`. */
export function startCli(args: readonly string[], options: CliOptions = {}): CliRun {
  const marker = randomUUID();
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, GREENLIGHT_TEST_MARKER: marker, CI: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { stream: 'stdout' | 'stderr'; pattern: RegExp; resolve: () => void }[] = [];
  const seen = { stdout: () => stdout, stderr: () => stderr };
  const wake = (): void => {
    for (const waiter of waiters.filter((w) => w.pattern.test(seen[w.stream]()))) waiter.resolve();
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => ((stdout += chunk), wake()));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => ((stderr += chunk), wake()));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const result = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  const waitFor =
    (stream: 'stdout' | 'stderr') =>
    (pattern: RegExp, timeoutMs = 60_000): Promise<void> =>
      new Promise((resolve, reject) => {
        if (pattern.test(seen[stream]())) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`${stream} never matched ${pattern}:\n${seen[stream]()}`)),
          timeoutMs,
        );
        waiters.push({ stream, pattern, resolve: () => (clearTimeout(timer), resolve()) });
      });
  return { child, marker, result, waitForStderr: waitFor('stderr'), waitForStdout: waitFor('stdout') };
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

/** PIDs of live processes whose environment carries the marker. */
export function processesWithMarker(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(`GREENLIGHT_TEST_MARKER=${marker}`))
        pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

export const NO_STACK_TRACE = /^\s+at .+\(.+:\d+:\d+\)$/m;
