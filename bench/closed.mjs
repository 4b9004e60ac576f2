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

export async function closedBenchmark({ connections = 50, seconds = 10 } = {}) {
  const server = await startLoopbackServer();
  try {
    const ours = await runLoad(
      ['--url', server.url, '--concurrency', String(connections), '--duration', `${seconds}s`, ...SHAPE],
      {
        limitMs: (seconds + 60) * 1000,
      },
    );
    const theirs = await autocannon({
      url: `${server.url}/v1/chat/completions`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY,
      connections,
      duration: seconds,
    });
    return {
      benchmark: 'closed',
      connections,
      seconds,
      greenlightRps: ours.load.achievedRps,
      greenlightErrors: ours.load.errors,
      autocannonRps: round(theirs.requests.average, 1),
      autocannonErrors: theirs.errors + theirs.non2xx,
      ratio: round(ours.load.achievedRps / theirs.requests.average, 3),
    };
  } finally {
    await server.stop();
  }
}
