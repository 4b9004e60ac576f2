import { existsSync } from 'node:fs';
import { startScrapingPrometheus, type ScrapingPrometheus } from '../../src/metrics/local-prometheus.js';

/** Debian's prometheus. */
export const PROMETHEUS = '/usr/bin/prometheus';

export function prometheusAvailable(): boolean {
  if (existsSync(PROMETHEUS)) return true;
  if (process.env.CI) throw new Error(`${PROMETHEUS} is missing; under CI the Prometheus suites must not skip`);
  process.stderr.write(`skipping the Prometheus suites: ${PROMETHEUS} is not installed (apt-get install prometheus)\n`);
  return false;
}

/** greenlight's own local Prometheus, scraping the /metrics endpoints of `targets` (URLs) every second. */
export async function startPrometheus(targets: readonly string[]): Promise<ScrapingPrometheus> {
  const prometheus = await startScrapingPrometheus('the tests');
  await prometheus.scrape(targets.map((target) => new URL(target).host));
  return prometheus;
}
