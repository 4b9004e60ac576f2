// Benchmark 4: memory (RSS) of the greenlight process over a long run at 2,000 rps.
import { round, rssMiB, runLoad, startLoopbackServer } from './harness.mjs';

export async function memoryBenchmark({ minutes = 10, rate = 2_000 } = {}) {
  const server = await startLoopbackServer();
  const samples = [];
  let timer;
  try {
    const seconds = Math.round(minutes * 60);
    const result = await runLoad(
      ['--url', server.url, '--rate', String(rate), '--duration', `${seconds}s`, '--kind', 'chat'],
      {
        limitMs: (seconds + 120) * 1000,
        onPid: (pid) => {
          const started = Date.now();
          timer = setInterval(() => {
            const rss = rssMiB(pid);
            if (rss !== undefined)
              samples.push({ atS: Math.round((Date.now() - started) / 1000), rssMiB: round(rss, 1) });
          }, 5_000);
        },
      },
    );
    clearInterval(timer);
    const values = samples.map((sample) => sample.rssMiB);
    const half = Math.floor(values.length / 2);
    const mean = (list) => (list.length === 0 ? null : round(list.reduce((a, b) => a + b, 0) / list.length, 1));
    return {
      benchmark: 'memory',
      minutes,
      targetRps: rate,
      achievedRps: result.load.achievedRps,
      droppedIterations: result.load.droppedIterations,
      requests: result.load.requests,
      rssMiB: {
        first: values[0] ?? null,
        max: values.length ? Math.max(...values) : null,
        last: values.at(-1) ?? null,
      },
      meanRssFirstHalfMiB: mean(values.slice(0, half)),
      meanRssSecondHalfMiB: mean(values.slice(half)),
      samples: samples.length,
    };
  } finally {
    clearInterval(timer);
    await server.stop();
  }
}
