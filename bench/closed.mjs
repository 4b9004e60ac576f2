// Benchmark 3: closed-loop throughput with 50 connections, greenlight against autocannon, both
// sending the same small non-streamed chat request to a one-worker nginx that outruns them both.
import { MODEL, startNginx } from './nginx.mjs';
import { versusAutocannon } from './versus-autocannon.mjs';

const BODY = JSON.stringify({
  model: MODEL,
  messages: [{ role: 'user', content: 'alpha bridge canyon' }],
  max_tokens: 1,
  stream: false,
});
const SHAPE = ['--kind', 'chat', '--no-stream', '--prompt-tokens', '3', '--max-tokens', '1'];

export async function closedBenchmark({ connections = 50, seconds = 10 } = {}) {
  const nginx = await startNginx();
  try {
    const result = await versusAutocannon({ url: nginx.jsonUrl, shape: SHAPE, body: BODY, connections, seconds });
    return { benchmark: 'closed', server: 'nginx, 1 worker', ...result };
  } finally {
    await nginx.stop();
  }
}
