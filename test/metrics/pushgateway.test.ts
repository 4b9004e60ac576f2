import { describe, expect, it } from 'vitest';
import { pushRunMetrics } from '../../src/metrics/pushgateway.js';
import { syntheticRun } from '../compare/runs.js';
import { pushgatewayStackAvailable, until, usePushgatewayStack } from '../support/prometheus-stack.js';

const available = pushgatewayStackAvailable();

describe.skipIf(!available)('pushRunMetrics through a real Pushgateway, scraped by a real Prometheus', () => {
  const stackOf = usePushgatewayStack();

  /** The latest value of each series of `query`, keyed by the labels given, once Prometheus has it. */
  async function scraped(
    query: string,
    key: (labels: Record<string, string>) => string,
  ): Promise<Record<string, number>> {
    return until(async () => {
      const now = Date.now();
      const series = await stackOf().prometheus.queryRange({ query, start: now - 30_000, end: now, stepMs: 1000 });
      if (series.length === 0) throw new Error(`no series for ${query} yet`);
      return Object.fromEntries(series.map((entry) => [key(entry.metric), entry.values.at(-1)![1]]));
    }, 30_000);
  }

  it('puts the verdict, rules and figures in Prometheus, with experiment, rule and colour labels', async () => {
    const { summary } = syntheticRun({ switchAt: 16 });
    await pushRunMetrics(stackOf().pushgatewayUrl, summary, { env: 'test' });

    const verdict = await scraped(
      'greenlight_run_verdict',
      (labels) => `${labels.job}/${labels.experiment}/${labels.env}`,
    );
    expect(verdict).toEqual({ 'greenlight/fixture/test': 1 });
    await expect(scraped('greenlight_rollback_detection_seconds', (labels) => labels.rule!)).resolves.toEqual({
      'green errors': summary.rollback.rules[0]!.detectionSeconds,
    });
    await expect(scraped('greenlight_requests_lost_during_switch', (labels) => labels.rule!)).resolves.toEqual({
      'green errors': summary.rollback.failedRequestsDuringSwitch,
    });
    await expect(scraped('greenlight_run_requests', (labels) => labels.colour!)).resolves.toEqual({
      blue: summary.load.byColour.blue!.requests,
      green: summary.load.byColour.green!.requests,
    });
    const latency = await scraped('greenlight_latency_seconds', (labels) => labels.quantile!);
    expect(latency['0.99']).toBeCloseTo(summary.load.latencyMs.p99! / 1000, 6);
  }, 60_000);

  it('replaces the group with the next run of the experiment', async () => {
    const failing = syntheticRun({ switchAt: null }).summary;
    await pushRunMetrics(stackOf().pushgatewayUrl, failing, { env: 'test' });
    await until(async () => {
      const values = await scraped('greenlight_run_verdict{env="test"}', (labels) => labels.experiment!);
      if (values.fixture !== 0) throw new Error('still the previous push');
    }, 30_000);
    // The missed rule has no detection time: its series is gone, not left at the old value.
    const now = Date.now();
    const detection = await stackOf().prometheus.queryRange({
      query: 'greenlight_rollback_detection_seconds',
      start: now,
      end: now,
      stepMs: 1000,
    });
    expect(detection).toEqual([]);
  }, 60_000);

  it('fails with the environment error when no Pushgateway answers', async () => {
    await expect(pushRunMetrics('http://127.0.0.1:9', syntheticRun().summary)).rejects.toThrow(
      /^Pushgateway at http:\/\/127\.0\.0\.1:9: the push failed/,
    );
  });
});
