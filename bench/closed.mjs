// Benchmark 3: closed-loop throughput with 50 connections, greenlight vs autocannon, same server.
import autocannon from 'autocannon';
import { round, runLoad, startLoopbackServer } from './harness.mjs';

// Both tools send the same small non-streamed chat request, so the figures compare the clients.
const BODY = JSON.stringify({
  model: 'bench',
  messages: [{ role: 'user', content: 'alpha bridge canyon' }],
  max_tokens: 1,
  stream: false,
});
const SHAPE = ['--kind', 'chat', '--no-stream', '--prompt-tokens', '3', '--max-tokens', '1'];

/**
 * Runs the two clients in the order greenlight, autocannon, autocannon, greenlight (ABBA), so
 * neither gains from going first (a cold server) or last (a warmed one); each figure is the mean
 * of its two runs.
 */
export async function closedBenchmark({ connections = 50, seconds = 10 } = {}) {
  const server = await startLoopbackServer();
  try {
    const ours = async () => {
      const result = await runLoad(
        ['--url', server.url, '--concurrency', String(connections), '--duration', `${seconds}s`, ...SHAPE],
        { limitMs: (seconds + 60) * 1000 },
      );
      return { rps: result.load.achievedRps, errors: result.load.errors };
    };
    const theirs = async () => {
      const result = await autocannon({
        url: `${server.url}/v1/chat/completions`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: BODY,
        connections,
        duration: seconds,
      });
      return { rps: result.requests.average, errors: result.errors + result.non2xx };
    };
    const runs = { greenlight: [await ours()], autocannon: [await theirs(), await theirs()] };
    runs.greenlight.push(await ours());
    const greenlightRps = mean(runs.greenlight.map((run) => run.rps));
    const autocannonRps = mean(runs.autocannon.map((run) => run.rps));
    return {
      benchmark: 'closed',
      connections,
      seconds,
      order: 'greenlight, autocannon, autocannon, greenlight',
      greenlightRps: round(greenlightRps, 1),
      greenlightRuns: runs.greenlight.map((run) => round(run.rps, 1)),
      greenlightErrors: sum(runs.greenlight.map((run) => run.errors)),
      autocannonRps: round(autocannonRps, 1),
      autocannonRuns: runs.autocannon.map((run) => round(run.rps, 1)),
      autocannonErrors: sum(runs.autocannon.map((run) => run.errors)),
      ratio: round(greenlightRps / autocannonRps, 3),
    };
  } finally {
    await server.stop();
  }
}

const sum = (values) => values.reduce((total, value) => total + value, 0);
const mean = (values) => sum(values) / values.length;
