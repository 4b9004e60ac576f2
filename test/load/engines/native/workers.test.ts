import { afterEach, describe, expect, it } from 'vitest';
import type { BucketEvent, LoadClientEvent } from '../../../../src/journal/events.js';
import { decodeHistogram } from '../../../../src/journal/histogram.js';
import { NativeEngine } from '../../../../src/load/engines/native/index.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadSummary } from '../../../../src/evaluate/summary.js';
import { NO_STACK_TRACE, runCli } from '../../../support/cli.js';
import { MemoryJournal } from '../../helpers/journal.js';
import { fastJson, startServer, type TestServer } from '../../helpers/servers.js';
import { planFor } from './plan.js';

// The worker threads start from dist/load-worker.js, which the test run's global setup builds.
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const OPEN_LOAD = {
  profile: { kind: 'ramp', startRate: 50, stages: [{ target: 250, duration: 2_000 }] },
  arrival: 'poisson',
  workload: {
    mix: [
      { weight: 2, request: { kind: 'chat', stream: false, promptTokens: { uniform: [3, 40] }, maxTokens: 8 } },
      { weight: 1, request: { kind: 'completions', stream: false, promptTokens: { normal: { mean: 20, stddev: 5 } } } },
    ],
  },
};

async function run(workers: number, load: unknown, durationMs: number, seed = 7) {
  server = await startServer(fastJson('blue'));
  const journal = new MemoryJournal();
  const engine = new NativeEngine();
  const plan = { ...planFor(server.url, load, durationMs), seed, workers };
  await engine.run(plan, journal, new AbortController().signal);
  const bodies = server.bodies.map((body) => JSON.stringify(body)).sort();
  await server.close();
  server = undefined;
  return { journal, engine, plan, bodies };
}

const clientEvents = (journal: MemoryJournal): LoadClientEvent[] =>
  journal.events.filter((event): event is LoadClientEvent => event.type === 'load.client');

describe('NativeEngine on worker threads', () => {
  it('sends exactly the one-worker run’s requests from two workers, in one bucket per colour and second', async () => {
    const one = await run(1, OPEN_LOAD, 2_000);
    const two = await run(2, OPEN_LOAD, 2_000);

    expect(two.bodies.length).toBeGreaterThan(250);
    expect(two.bodies).toEqual(one.bodies);
    expect(two.journal.total('requests')).toBe(one.journal.total('requests'));
    expect(two.journal.total('dropped')).toBe(0);
    expect(two.engine.progress()).toMatchObject({ sent: two.bodies.length, completed: two.bodies.length, inFlight: 0 });

    // The workers' buckets are merged: one per (second, colour), histograms holding every request.
    const buckets = two.journal.buckets();
    const keys = buckets.map((bucket: BucketEvent) => `${bucket.t}/${bucket.colour}`);
    expect(new Set(keys).size).toBe(keys.length);
    const latencies = buckets.reduce((sum, bucket) => sum + decodeHistogram(bucket.latency).totalCount, 0);
    expect(latencies).toBe(two.bodies.length);
    expect(buckets.map((bucket) => bucket.t)).toEqual([...buckets.map((bucket) => bucket.t)].sort((a, b) => a - b));

    // Every worker reports its own event loop each second; the main thread adds the process's CPU.
    const client = clientEvents(two.journal);
    expect(new Set(client.map((event) => event.worker))).toEqual(new Set([0, 1, undefined]));
    expect(client.filter((event) => event.worker === undefined).every((event) => event.cpuMs !== undefined)).toBe(true);
    expect(client.filter((event) => event.worker !== undefined).every((event) => event.cpuMs === undefined)).toBe(true);
    expect(two.journal.targets().map((target) => target.t - two.plan.startAt)).toEqual([0, 1_000]);
  });

  it('replays a trace on two workers exactly as on one: each arrival keeps its recorded token counts', async () => {
    const requests = Array.from({ length: 120 }, (_, k) => [k * 9, 5 + (k % 13), 1 + (k % 7)]);
    const load = {
      profile: { kind: 'trace', requests },
      workload: { mix: [{ request: { kind: 'chat', stream: false } }] },
    };
    const one = await run(1, load, 1_500);
    const two = await run(2, load, 1_500);
    expect(two.bodies).toHaveLength(120);
    expect(two.bodies).toEqual(one.bodies);
    const maxTokens = two.bodies.map((body) => (JSON.parse(body) as { max_tokens: number }).max_tokens);
    const recorded = requests.map((request) => request[2] as number);
    expect(maxTokens.sort((a, b) => a - b)).toEqual(recorded.sort((a, b) => a - b));
  });

  it('shares a closed model’s concurrency out between the workers', async () => {
    const { journal, engine } = await run(
      3,
      { concurrency: 4, workload: { mix: [{ request: { kind: 'chat', stream: false } }] } },
      2_000,
    );
    expect(journal.total('requests')).toBeGreaterThan(20);
    expect(engine.progress().inFlight).toBe(0);
    // Three workers with 2, 1 and 1 of the 4 requests in flight.
    expect(new Set(clientEvents(journal).map((event) => event.worker))).toEqual(new Set([0, 1, 2, undefined]));
  });

  it('stops every worker when the run is aborted and still writes what they measured', async () => {
    server = await startServer(fastJson('green'));
    const journal = new MemoryJournal();
    const engine = new NativeEngine();
    const plan = { ...planFor(server.url, OPEN_LOAD, 60_000), workers: 2 };
    const abort = new AbortController();
    setTimeout(() => abort.abort(), plan.startAt - Date.now() + 1_200);
    const started = Date.now();
    await engine.run(plan, journal, abort.signal);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(journal.total('requests')).toBeGreaterThan(50);
    // Requests cut by the abort are listed as aborted, with no colour (they got no answer).
    for (const bucket of journal.buckets()) {
      if (bucket.colour !== 'green') expect(Object.keys(bucket.outcomes)).toEqual(['aborted']);
    }
  });

  it('greenlight load --workers 2 runs the rate on two threads; a bad count is refused with exit 2', async () => {
    server = await startServer(fastJson('blue'));
    const folder = mkdtempSync(join(tmpdir(), 'greenlight-workers-'));
    try {
      const file = join(folder, 'result.json');
      const args = ['load', '--url', server.url, '--rate', '100', '--duration', '2s', '--no-stream'];
      const result = await runCli([...args, '--workers', '2', '--json', file], { timeoutMs: 60_000 });
      expect(result.code, result.stderr).toBe(0);
      const { load } = JSON.parse(readFileSync(file, 'utf8')) as { load: LoadSummary };
      expect(load.requests).toBe(200);
      // Each of the two workers reports each of the run's two seconds (at least).
      expect(load.client?.seconds).toBeGreaterThanOrEqual(4);
      expect(result.stdout).toMatch(/client +event-loop delay p99/);

      const refused = await runCli([...args, '--workers', 'none'], { timeoutMs: 30_000 });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/--workers <n\|auto>.*expected a whole number of at least 1, or auto; got "none"/);
      expect(refused.stderr).not.toMatch(NO_STACK_TRACE);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
