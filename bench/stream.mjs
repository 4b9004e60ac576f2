// Benchmark 5: streaming, closed loop with 50 connections against a one-worker nginx serving a
// static 64-token chat-completions SSE body. greenlight parses every event and times every
// token (TTFT, 63 ITL gaps, TPOT per stream); autocannon only counts the bytes.
import { MODEL, startNginx } from './nginx.mjs';
import { versusAutocannon } from './versus-autocannon.mjs';

const TOKENS = 64;
const BODY = JSON.stringify({
  model: MODEL,
  messages: [{ role: 'user', content: 'alpha bridge canyon' }],
  max_tokens: TOKENS,
  stream: true,
  stream_options: { include_usage: true },
});
const SHAPE = ['--kind', 'chat', '--prompt-tokens', '3', '--max-tokens', String(TOKENS)];

export async function streamBenchmark({ connections = 50, seconds = 10 } = {}) {
  const nginx = await startNginx({ tokens: TOKENS });
  try {
    const result = await versusAutocannon({ url: nginx.sseUrl, shape: SHAPE, body: BODY, connections, seconds });
    return { benchmark: 'stream', server: `nginx, 1 worker, ${TOKENS}-token SSE body`, tokens: TOKENS, ...result };
  } finally {
    await nginx.stop();
  }
}
