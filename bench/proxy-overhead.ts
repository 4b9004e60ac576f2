// What greenlight's embedded Toxiproxy adds to a request: p50/p99 latency at 1,000 requests per
// second and the most requests per second, direct to a loopback HTTP server versus through a
// proxy without toxics, measured side by side in one run (interleaved rounds, so drift and
// noise from the machine hit both alike). Run: `npm run bench:proxy [-- --seconds 3 --rounds 4]`.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { ensureProxy } from '../src/faults/toxiproxy/proxies.js';
import { startEmbeddedToxiproxy } from '../src/faults/toxiproxy/server/index.js';
import { createHistogram, percentileMs, recordMs, type Histogram } from '../src/journal/histogram.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '4' },
    connections: { type: 'string', default: '32' },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = Number(values.connections);

/** The upstream runs in its own process, as the reference services do in the embedded stack. */
const UPSTREAM = `
  const body = JSON.stringify({ id: 'x', choices: [{ message: { content: 'ok' } }] });
  const server = require('node:http').createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
  });
  server.keepAliveTimeout = 60000;
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));
  process.stdin.on('end', () => process.exit(0)).resume();
`;

interface Measured {
  latency: Histogram;
  /** Latency counted from when each request was due, so a stall is not hidden (no coordinated omission). */
  fromSchedule: Histogram;
  sent: number;
  errors: number;
  seconds: number;
}

function emptyMeasured(): Measured {
  return { latency: createHistogram(), fromSchedule: createHistogram(), sent: 0, errors: 0, seconds: 0 };
}

async function request(pool: Pool, into: Measured, dueAt: number): Promise<void> {
  const started = performance.now();
  try {
    const response = await pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      body: '{"model":"m"}',
      headers: { 'content-type': 'application/json' },
    });
    await response.body.text();
    if (response.statusCode !== 200) into.errors++;
  } catch {
    into.errors++;
  }
  const ended = performance.now();
  recordMs(into.latency, ended - started);
  recordMs(into.fromSchedule, ended - dueAt);
}

/** Open model: requests go out at RATE per second whether or not earlier ones have answered. */
async function atFixedRate(pool: Pool, into: Measured): Promise<void> {
  const total = RATE * SECONDS;
  const interval = 1000 / RATE;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  let next = 0;
  while (next < total) {
    const now = performance.now();
    while (next < total && start + next * interval <= now) {
      inFlight.push(request(pool, into, start + next * interval));
      next++;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  into.sent += total;
  into.seconds += (performance.now() - start) / 1000;
}

/** Closed model: CONNECTIONS requests always in flight for SECONDS; gives the most requests per second. */
async function flatOut(pool: Pool, into: Measured): Promise<void> {
  const end = performance.now() + SECONDS * 1000;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      await request(pool, into, performance.now());
      into.sent++;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  into.seconds += (performance.now() - start) / 1000;
}

async function startUpstream(): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(process.execPath, ['-e', UPSTREAM], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return { child, address: `127.0.0.1:${line.toString().trim()}` };
}

const ms = (histogram: Histogram, percentile: number): string =>
  (percentileMs(histogram, percentile) ?? NaN).toFixed(3);

async function main(): Promise<void> {
  const upstream = await startUpstream();
  const toxiproxy = await startEmbeddedToxiproxy({ seed: 1 });
  const listen = await ensureProxy(toxiproxy.url, { name: 'bench', listen: '127.0.0.1:0', upstream: upstream.address });
  const pools = {
    direct: new Pool(`http://${upstream.address}`, { connections: CONNECTIONS, pipelining: 1 }),
    proxy: new Pool(`http://${listen}`, { connections: CONNECTIONS, pipelining: 1 }),
  };
  const paced = { direct: emptyMeasured(), proxy: emptyMeasured() };
  const flat = { direct: emptyMeasured(), proxy: emptyMeasured() };
  try {
    for (const pool of Object.values(pools)) await atFixedRate(pool, emptyMeasured()); // warm-up: connections, JIT
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['direct', 'proxy'] as const) : (['proxy', 'direct'] as const);
      for (const path of order) await atFixedRate(pools[path], paced[path]);
      for (const path of order) await flatOut(pools[path], flat[path]);
    }
  } finally {
    for (const pool of Object.values(pools)) await pool.close();
    await toxiproxy.close();
    upstream.child.stdin!.end();
  }

  console.log(`embedded Toxiproxy overhead — ${ROUNDS} interleaved rounds of ${SECONDS}s, node ${process.version}`);
  console.log(`at ${RATE} rps (open model, ${CONNECTIONS} keep-alive connections):`);
  console.log('  path     requests errors  achieved rps   p50 ms   p99 ms  p99.9 ms  p99 from schedule ms');
  for (const path of ['direct', 'proxy'] as const) {
    const m = paced[path];
    console.log(
      `  ${path.padEnd(8)} ${String(m.sent).padStart(8)} ${String(m.errors).padStart(6)} ${(m.sent / m.seconds).toFixed(0).padStart(13)} ${ms(m.latency, 50).padStart(8)} ${ms(m.latency, 99).padStart(8)} ${ms(m.latency, 99.9).padStart(9)} ${ms(m.fromSchedule, 99).padStart(21)}`,
    );
  }
  const added = (p: number): string => {
    const difference = (percentileMs(paced.proxy.latency, p) ?? NaN) - (percentileMs(paced.direct.latency, p) ?? NaN);
    return `${difference >= 0 ? '+' : '−'}${Math.abs(difference).toFixed(3)} ms`;
  };
  console.log(`  added by the proxy: p50 ${added(50)}, p99 ${added(99)}`);
  console.log(`flat out (closed model, ${CONNECTIONS} in flight):`);
  const rps = (m: Measured): number => m.sent / m.seconds;
  for (const path of ['direct', 'proxy'] as const) {
    console.log(
      `  ${path.padEnd(8)} ${rps(flat[path]).toFixed(0).padStart(7)} rps   p50 ${ms(flat[path].latency, 50)} ms   errors ${flat[path].errors}`,
    );
  }
  console.log(`  proxy throughput: ${((rps(flat.proxy) / rps(flat.direct)) * 100).toFixed(0)} % of direct`);
}

await main();
