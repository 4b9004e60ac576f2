// Benchmarks 1 and 2: rate accuracy and schedule lateness at constant rates, open model.
import { round, runLoad, startLoopbackServer } from './harness.mjs';

export async function rateBenchmark({ rates = [1_000, 5_000, 20_000], seconds = 20 } = {}) {
  const server = await startLoopbackServer();
  const results = [];
  try {
    for (const rate of rates) {
      const { load } = await runLoad(
        ['--url', server.url, '--rate', String(rate), '--duration', `${seconds}s`, '--kind', 'chat'],
        {
          limitMs: (seconds + 60) * 1000,
        },
      );
      const planned = rate * seconds;
      results.push({
        targetRps: load.targetRps,
        achievedRps: load.achievedRps,
        achievedOverTarget: round(load.achievedRps / load.targetRps),
        planned,
        completed: load.requests,
        droppedIterations: load.droppedIterations,
        errors: load.errors,
        scheduleLagMs: { p50: load.scheduleLagMs.p50, p99: load.scheduleLagMs.p99, max: load.scheduleLagMs.max },
        latencyMs: { p50: load.latencyMs.p50, p99: load.latencyMs.p99 },
      });
    }
  } finally {
    await server.stop();
  }
  return { benchmark: 'rate', seconds, results };
}
