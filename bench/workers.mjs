// Benchmark 6: every core. greenlight's closed loop (50 connections, the same small request as
// `closed`) on 1 and on N worker threads against the one-worker nginx, in the order 1, N, N, 1.
// On a 2-core machine the server shares the cores with the client, so the gain is below N.
import { availableParallelism } from 'node:os';
import { round, runLoad } from './harness.mjs';
import { startNginx } from './nginx.mjs';

const SHAPE = ['--kind', 'chat', '--no-stream', '--prompt-tokens', '3', '--max-tokens', '1'];

export async function workersBenchmark({ connections = 50, seconds = 10, workers = availableParallelism() } = {}) {
  const nginx = await startNginx();
  try {
    const run = async (threads) => {
      const { load } = await runLoad(
        [
          '--url',
          nginx.jsonUrl,
          '--concurrency',
          String(connections),
          '--duration',
          `${seconds}s`,
          '--workers',
          String(threads),
          ...SHAPE,
        ],
        { limitMs: (seconds + 60) * 1000 },
      );
      return { rps: load.achievedRps, errors: load.errors, cpuUsPerRequest: load.client?.cpuPerRequestUs ?? null };
    };
    const one = [await run(1)];
    const many = [await run(workers), await run(workers)];
    one.push(await run(1));
    const mean = (runs) => runs.reduce((sum, item) => sum + item.rps, 0) / runs.length;
    return {
      benchmark: 'workers',
      server: 'nginx, 1 worker',
      connections,
      seconds,
      cores: availableParallelism(),
      workers,
      order: `1, ${workers}, ${workers}, 1`,
      oneWorker: { rps: round(mean(one), 1), runs: one },
      workersRps: { rps: round(mean(many), 1), runs: many },
      ratio: round(mean(many) / mean(one), 3),
    };
  } finally {
    await nginx.stop();
  }
}
