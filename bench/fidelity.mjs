// Benchmark 7: timing fidelity. A C server (token-server/token-server.c, epoll + timerfd) streams
// 64 tokens per request, one every 20 ms exactly, and records when it really handed each token to
// the kernel. greenlight's closed loop holds 1k and 5k streams open against it; its TTFT and ITL
// percentiles are compared with the server's send times, the truth.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { round, runLoad } from './harness.mjs';

const SOURCE = join(import.meta.dirname, 'token-server', 'token-server.c');
const INTERVAL_MS = 20;
const TOKENS = 64;

export async function fidelityBenchmark({
  seconds = 10,
  runs = [
    [1_000, 1],
    [5_000, 1],
    [5_000, 2],
  ],
} = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-fidelity-'));
  try {
    const binary = join(folder, 'token-server');
    execFileSync(process.env.CC ?? 'cc', ['-O2', '-o', binary, SOURCE]);
    const results = [];
    for (const [streams, workers] of runs) results.push(await measure(binary, streams, workers, seconds));
    return { benchmark: 'fidelity', intervalMs: INTERVAL_MS, tokens: TOKENS, seconds, results };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function measure(binary, streams, workers, seconds) {
  const server = await startTokenServer(binary);
  let load;
  try {
    ({ load } = await runLoad(
      [
        '--url',
        server.url,
        '--concurrency',
        String(streams),
        '--duration',
        `${seconds}s`,
        '--workers',
        String(workers),
        '--kind',
        'chat',
        '--prompt-tokens',
        '3',
        '--max-tokens',
        String(TOKENS),
      ],
      { limitMs: (seconds + 90) * 1000 },
    ));
  } finally {
    var truth = await server.stop();
  }
  const error = (measured, actual) => (measured === null ? null : round(measured - actual, 3));
  return {
    streams,
    workers,
    requests: load.requests,
    errors: load.errors,
    itlMs: {
      measured: { p50: load.itlMs.p50, p99: load.itlMs.p99 },
      truth: { p50: truth.itlMs.p50, p99: truth.itlMs.p99 },
      error: { p50: error(load.itlMs.p50, truth.itlMs.p50), p99: error(load.itlMs.p99, truth.itlMs.p99) },
    },
    ttftMs: {
      measured: { p50: load.ttftMs.p50, p99: load.ttftMs.p99 },
      truth: { p50: truth.ttftMs.p50, p99: truth.ttftMs.p99 },
      error: { p50: error(load.ttftMs.p50, truth.ttftMs.p50), p99: error(load.ttftMs.p99, truth.ttftMs.p99) },
    },
    goal: 'ITL p50 within 1 ms and p99 within 5 ms of the truth at 1k streams per core',
    serverTimerLatenessMs: { p50: truth.timerLatenessMs.p50, p99: truth.timerLatenessMs.p99 },
    client: load.client
      ? {
          eventLoopDelayMs: load.client.eventLoopDelayMs,
          eventLoopUtilization: load.client.eventLoopUtilization,
          bottleneck: load.client.bottleneck,
        }
      : null,
  };
}

/** Starts the token server; stop() ends it with SIGTERM and resolves with the truth it printed. */
function startTokenServer(binary) {
  const child = spawn(binary, [String(INTERVAL_MS), String(TOKENS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    const waitForPort = setInterval(() => {
      const port = /^PORT (\d+)$/m.exec(output)?.[1];
      if (!port) return;
      clearInterval(waitForPort);
      resolve({
        url: `http://127.0.0.1:${port}`,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
          return JSON.parse(output.slice(output.indexOf('{')));
        },
      });
    }, 20);
  });
}
