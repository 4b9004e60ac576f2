import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrometheusClient } from '../../src/metrics/prometheus.js';
import { freeLoopbackPort } from '../../src/util/free-port.js';
import { spawnHeld } from '../../src/util/held-process.js';

/** Debian's prometheus. */
export const PROMETHEUS = '/usr/bin/prometheus';

export function prometheusAvailable(): boolean {
  if (existsSync(PROMETHEUS)) return true;
  if (process.env.CI) throw new Error(`${PROMETHEUS} is missing; under CI the Prometheus suites must not skip`);
  process.stderr.write(`skipping the Prometheus suites: ${PROMETHEUS} is not installed (apt-get install prometheus)\n`);
  return false;
}

export interface RunningPrometheus {
  url: string;
  client: PrometheusClient;
  stop(): Promise<void>;
}

/**
 * A real Prometheus on a loopback port scraping `targets` (URLs of /metrics endpoints) every
 * second, with its data in a private folder; ready when this resolves.
 */
export async function startPrometheus(targets: readonly string[]): Promise<RunningPrometheus> {
  const folder = await mkdtemp(join(tmpdir(), 'greenlight-prometheus-'));
  const port = await freeLoopbackPort();
  const jobs = targets.map((target, index) => {
    const url = new URL(target);
    return `  - job_name: target-${index}\n    metrics_path: ${url.pathname}\n    static_configs: [{ targets: ['${url.host}'] }]`;
  });
  await writeFile(
    join(folder, 'prometheus.yml'),
    ['global: { scrape_interval: 1s, evaluation_interval: 1s }', 'scrape_configs:', ...jobs, ''].join('\n'),
  );
  const prometheus = spawnHeld(PROMETHEUS, [
    `--config.file=${join(folder, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(folder, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ]);
  const stop = async (): Promise<void> => {
    await prometheus.stop();
    await rm(folder, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const client = new PrometheusClient(url);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await client.ready();
      return { url, client, stop };
    } catch (error) {
      if (prometheus.child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`Prometheus did not become ready: ${String(error)}\n${prometheus.output().slice(-2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
