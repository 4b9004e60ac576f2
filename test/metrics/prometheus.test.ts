import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOpenSlo } from '../../src/experiment/openslo.js';
import { validateExperiment } from '../../src/experiment/validate.js';
import { PrometheusClient } from '../../src/metrics/prometheus.js';
import { RunEvents } from '../../src/runner/run-events.js';
import { runExperiment } from '../../src/runner/run.js';

/**
 * The PromQL SLO source against a real Prometheus (Debian's `prometheus`): it scrapes the
 * embedded stack's reference services every second (file service discovery, written once the
 * stack is up), greenlight runs load on green failing 10 % of requests, then reads green's error
 * rate back with a range query and judges it next to the harness's own measurement.
 *
 * Tolerance: 0.02 absolute on an error rate near 0.10. The query divides the services' cumulative
 * counters at the end of the run, after a settle time that lets the final scrape land, so both
 * sides count the same requests except at the edges: requests still in flight when the load
 * stops (the service counts them as 499, the harness as aborted, neither as 5xx) and a late
 * final scrape. Those are a handful of ~120 green requests, a random subset with respect to the
 * injected errors: a shift of about sqrt(k·p·(1−p))/n ≈ 0.005 for k = 5, so 0.02 is a wide
 * margin that still catches a wrong label, status or colour selection (blue's rate is 0). The
 * OpenSLO form of the same SLI (a counter ratio: increase() by subquery over the run) also misses
 * the increments before each series' first scrape, again a few requests. Measured here: harness
 * 0.0667 over 120 requests, Prometheus 0.0667; OpenSLO success ratio 0.938 against 0.933.
 */
const PROMETHEUS = '/usr/bin/prometheus';
const available = existsSync(PROMETHEUS);
if (!available && process.env.CI)
  throw new Error(`${PROMETHEUS} is missing; under CI the Prometheus suite must not skip`);
if (!available) process.stderr.write(`skipping the Prometheus suite: ${PROMETHEUS} is not installed\n`);

const TOLERANCE = 0.02;
const folder = mkdtempSync(join(tmpdir(), 'greenlight-prometheus-'));
const targetsFile = join(folder, 'targets.json');
let prometheus: ChildProcess | undefined;
let url = '';

/** An OpenSLO v1 document for the same SLI: green's chat requests not failed with a 5xx. */
function openSloFile(requests: (status: string) => string): string {
  const source = (query: string): string =>
    `\n          metricSource:\n            type: Prometheus\n            spec:\n              query: '${query}'`;
  const path = join(folder, 'green-chat.yaml');
  writeFileSync(
    path,
    [
      'apiVersion: openslo/v1',
      'kind: SLO',
      'metadata: { name: green-chat-success }',
      'spec:',
      '  indicator:',
      '    spec:',
      '      ratioMetric:',
      '        counter: true',
      `        bad:${source(requests(',status=~"5.."'))}`,
      `        total:${source(requests(''))}`,
      '  objectives: [{ target: 0.5 }]',
      '',
    ].join('\n'),
  );
  return path;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitReady(client: PrometheusClient, deadline: number): Promise<void> {
  for (;;) {
    try {
      return await client.ready();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe.skipIf(!available)('PromQL SLOs from a real Prometheus', () => {
  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    writeFileSync(targetsFile, '[]');
    writeFileSync(
      join(folder, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        '  - job_name: greenlight-reference',
        `    file_sd_configs: [{ files: ['${targetsFile}'], refresh_interval: 1s }]`,
        '',
      ].join('\n'),
    );
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(folder, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(folder, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
    await waitReady(new PrometheusClient(url), Date.now() + 30_000);
  }, 40_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    rmSync(folder, { recursive: true, force: true });
  });

  it("agrees with the harness on green's error rate within 0.02", async () => {
    const requests = (status: string): string =>
      `sum(greenlight_reference_requests_total{colour="green",endpoint="/v1/chat/completions"${status}})`;
    const experiment = validateExperiment(
      {
        name: 'promql-agreement',
        target: { kind: 'embedded', green: { errorRate: 0.1 }, router: { controller: { enabled: false } } },
        load: {
          profile: { kind: 'constant', rate: 20 },
          workload: { mix: [{ request: { kind: 'chat', stream: true, promptTokens: 100, maxTokens: 16 } }] },
        },
        phases: [{ name: 'steady', duration: '12s' }],
        slos: [{ name: 'green errors (harness)', colour: 'green', metric: 'error-rate', below: 0.5 }],
        prometheus: {
          url,
          settle: '3s',
          slos: [
            {
              name: 'green errors (prometheus)',
              colour: 'green',
              source: { promql: `${requests(',status=~"5.."')} / ${requests('')}` },
              over: 'last',
              below: 0.5,
            },
            ...importOpenSlo(openSloFile(requests)),
          ],
        },
      },
      'test experiment',
    );
    const events = new RunEvents();
    events.on('start', ({ parts }) => {
      const targets = parts.flatMap(
        (part) => /^(?:blue|green)\s+http:\/\/(127\.0\.0\.1:\d+)/.exec(part)?.slice(1) ?? [],
      );
      expect(targets).toHaveLength(2);
      writeFileSync(targetsFile, JSON.stringify([{ targets }]));
    });
    const outcome = await runExperiment({ experiment, source: 'test', outDir: join(folder, 'reports'), events });
    const [harness, fromPrometheus, fromOpenSlo] = outcome.summary.slos;
    expect(harness).toMatchObject({ name: 'green errors (harness)', pass: true });
    expect(fromPrometheus).toMatchObject({ name: 'green errors (prometheus)', metric: 'promql', pass: true });
    expect(harness!.requests).toBeGreaterThan(80);
    expect(harness!.observed!).toBeGreaterThan(0.03);
    const figures = `harness ${harness!.observed} over ${harness!.requests} requests, Prometheus ${fromPrometheus!.observed}`;
    expect(Math.abs(fromPrometheus!.observed! - harness!.observed!), figures).toBeLessThanOrEqual(TOLERANCE);
    // The OpenSLO bad/total counter ratio (increase over the run by a subquery) is the success ratio.
    expect(fromOpenSlo).toMatchObject({ name: 'green-chat-success', metric: 'promql', pass: true });
    expect(
      Math.abs(fromOpenSlo!.observed! - (1 - harness!.observed!)),
      `OpenSLO ${fromOpenSlo!.observed}`,
    ).toBeLessThanOrEqual(TOLERANCE);
  }, 60_000);

  it('fails a PromQL SLO with the reason when Prometheus refuses the query', async () => {
    const client = new PrometheusClient(url);
    await expect(
      client.queryRange({ query: 'sum(', start: Date.now() - 10_000, end: Date.now(), stepMs: 1000 }),
    ).rejects.toThrow(/PromQL "sum\(": Prometheus refused it: .*parse error/);
  });
});
