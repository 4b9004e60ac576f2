import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { PrometheusClient } from '../../src/metrics/prometheus.js';
import { freeLoopbackPort } from '../../src/util/free-port.js';

export const PROMETHEUS = '/usr/bin/prometheus';
export const PUSHGATEWAY = '/usr/bin/prometheus-pushgateway';

/** Debian's Prometheus and Pushgateway are installed: tests use them; under CI they must be. */
export function pushgatewayStackAvailable(): boolean {
  const available = existsSync(PROMETHEUS) && existsSync(PUSHGATEWAY);
  if (!available && process.env.CI)
    throw new Error(`${PROMETHEUS} or ${PUSHGATEWAY} is missing; under CI this suite must not skip`);
  if (!available) process.stderr.write(`skipping: ${PROMETHEUS} and ${PUSHGATEWAY} are needed\n`);
  return available;
}

export interface PushgatewayStack {
  pushgatewayUrl: string;
  prometheus: PrometheusClient;
  stop(): Promise<void>;
}

/**
 * A Pushgateway and a Prometheus that scrapes it every second (honor_labels, as a Pushgateway
 * must be scraped), both on free loopback ports, their data in a temporary folder.
 */
export async function startPushgatewayStack(): Promise<PushgatewayStack> {
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-pushgateway-'));
  const [gatewayPort, prometheusPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
  const children: ChildProcess[] = [
    spawn(
      PUSHGATEWAY,
      [`--web.listen-address=127.0.0.1:${gatewayPort}`, `--persistence.file=${join(folder, 'pushgateway.data')}`],
      {
        stdio: 'ignore',
      },
    ),
  ];
  writeFileSync(
    join(folder, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      'scrape_configs:',
      '  - job_name: pushgateway',
      '    honor_labels: true',
      `    static_configs: [{ targets: ['127.0.0.1:${gatewayPort}'] }]`,
      '',
    ].join('\n'),
  );
  children.push(
    spawn(
      PROMETHEUS,
      [
        `--config.file=${join(folder, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(folder, 'data')}`,
        `--web.listen-address=127.0.0.1:${prometheusPort}`,
      ],
      { stdio: 'ignore' },
    ),
  );
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    rmSync(folder, { recursive: true, force: true });
  };
  const prometheus = new PrometheusClient(`http://127.0.0.1:${prometheusPort}`);
  const pushgatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  try {
    await until(() => prometheus.ready(), 30_000);
    await until(async () => {
      const response = await fetch(`${pushgatewayUrl}/-/ready`);
      if (!response.ok) throw new Error(`pushgateway answered ${response.status}`);
    }, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { pushgatewayUrl, prometheus, stop };
}

/** Retries `attempt` every 200 ms until it resolves or `timeoutMs` has passed (then its last error). */
export async function until<T>(attempt: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** The stack for a suite, started before its tests and stopped after; returns a getter. */
export function usePushgatewayStack(): () => PushgatewayStack {
  let stack: PushgatewayStack | undefined;
  beforeAll(async () => {
    stack = await startPushgatewayStack();
  }, 60_000);
  afterAll(async () => stack?.stop());
  return () => {
    if (!stack) throw new Error('the Pushgateway stack is not up yet');
    return stack;
  };
}
