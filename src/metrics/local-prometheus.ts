import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError, errorMessage } from '../errors.js';
import { PrometheusClient } from './prometheus.js';
import { freeLoopbackPort } from '../util/free-port.js';
import { spawnHeld } from '../util/held-process.js';
import { findPrometheusBinary } from './prometheus-binaries.js';

const READY_TIMEOUT_MS = 30_000;

export interface LocalPrometheus {
  client: PrometheusClient;
  stop(): Promise<void>;
}

export interface LocalPrometheusOptions {
  /** The TSDB folder it serves (blocks made by promtool, or empty for a fresh one). */
  dataDir: string;
  /** The scrape configuration; none for a Prometheus that only answers queries. */
  scrapeConfigs?: string;
  /** Scrape and evaluation interval. */
  interval?: string;
  /** What it is for, for the message when Prometheus is not installed. */
  purpose: string;
}

/**
 * A real Prometheus on a loopback port, for queries over a recorded run (on TSDB blocks made from
 * it) or, in tests, scraping a stack. Retention is set far out so blocks of an old run are not
 * deleted the moment it starts. Stopped with `stop()`; also when greenlight dies.
 */
export async function startLocalPrometheus(options: LocalPrometheusOptions): Promise<LocalPrometheus> {
  const binary = findPrometheusBinary('prometheus', options.purpose);
  const folder = await mkdtemp(join(tmpdir(), 'greenlight-prometheus-'));
  const configFile = join(folder, 'prometheus.yml');
  const interval = options.interval ?? '1s';
  await writeFile(
    configFile,
    `global: { scrape_interval: ${interval}, evaluation_interval: ${interval} }\n${options.scrapeConfigs ?? ''}\n`,
  );
  const port = await freeLoopbackPort();
  const held = spawnHeld(binary, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${options.dataDir}`,
    '--storage.tsdb.retention.time=100y',
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ]);
  const stop = async (): Promise<void> => {
    await held.stop();
    await rm(folder, { recursive: true, force: true });
  };
  const client = new PrometheusClient(`http://127.0.0.1:${port}`);
  try {
    await waitReady(client, () => held.child.exitCode !== null, held.output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { client, stop };
}

async function waitReady(client: PrometheusClient, exited: () => boolean, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited()) throw new EnvironmentError(`Prometheus exited at start: ${stderr().trim()}`);
    try {
      return await client.ready();
    } catch (error) {
      if (Date.now() > deadline) {
        throw new EnvironmentError(
          `Prometheus did not get ready within ${READY_TIMEOUT_MS / 1000}s: ${errorMessage(error)}\n${stderr().trim()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A local Prometheus scraping what it is pointed at every second, through file service discovery. */
export interface ScrapingPrometheus extends LocalPrometheus {
  /** Replaces the scraped targets (host:port, each serving /metrics). */
  scrape(targets: readonly string[]): Promise<void>;
}

export async function startScrapingPrometheus(purpose: string): Promise<ScrapingPrometheus> {
  const folder = await mkdtemp(join(tmpdir(), 'greenlight-scraping-'));
  const targetsFile = join(folder, 'targets.json');
  await writeFile(targetsFile, '[]');
  try {
    const prometheus = await startLocalPrometheus({
      dataDir: join(folder, 'data'),
      purpose,
      scrapeConfigs: [
        'scrape_configs:',
        '  - job_name: stack',
        `    file_sd_configs: [{ files: ['${targetsFile}'], refresh_interval: 1s }]`,
      ].join('\n'),
    });
    return {
      client: prometheus.client,
      scrape: (targets) => writeFile(targetsFile, JSON.stringify([{ targets }])),
      async stop() {
        await prometheus.stop();
        await rm(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}
