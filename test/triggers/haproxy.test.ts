import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateExperiment } from '../../src/experiment/validate.js';
import { evaluateTriggersOffline } from '../../src/triggers/index.js';
import { PROMETHEUS_INSTALLED, recordAndEvaluate, runScraped, startScrapingPrometheus } from './support.js';

/**
 * A router-level trigger on the real HAProxy stack: the run's Prometheus scrapes HAProxy's
 * built-in exporter (its own loopback port, announced in the run's banner), and an Argo template
 * on haproxy_backend_http_responses_total{code="5xx"} aborts in time while green fails 30 % of
 * its requests — live, and again offline from the recording.
 */
const HAPROXY = ['/usr/sbin/haproxy', '/usr/bin/haproxy'].some((path) => existsSync(path));
if (!HAPROXY && process.env.CI) throw new Error('haproxy is missing; under CI the HAProxy trigger suite must not skip');
const out = mkdtempSync(join(tmpdir(), 'greenlight-triggers-haproxy-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.skipIf(!PROMETHEUS_INSTALLED || !HAPROXY)('a router-level trigger on HAProxy', () => {
  it("aborts in time from HAProxy's own 5xx counter, live and offline", async () => {
    const experiment = validateExperiment(
      {
        name: 'triggers-haproxy',
        target: {
          kind: 'embedded',
          green: { errorRate: 0.3 },
          router: { kind: 'haproxy', controller: { enabled: false } },
        },
        load: {
          profile: { kind: 'constant', rate: 20 },
          workload: { mix: [{ request: { kind: 'chat', stream: false, promptTokens: 50, maxTokens: 8 } }] },
        },
        phases: [{ name: 'steady', duration: '20s' }],
        rollback: {
          rules: [
            { name: 'green errors', colour: 'green', metric: 'error-rate', above: 0.1, window: '5s', within: '10s' },
          ],
        },
      },
      'test experiment',
    );
    const spec = { file: resolve('test/triggers/fixtures/argo-haproxy.yaml'), args: {}, expects: 'green errors' };
    const prometheus = await startScrapingPrometheus('the trigger tests');
    try {
      const run = await runScraped(experiment, prometheus, out);
      const { recording, live: results } = await recordAndEvaluate(prometheus, run, experiment, [spec]);
      expect(recording.metricNames).toEqual(['haproxy_backend_http_responses_total']);
      const [live] = results;
      expect(live, JSON.stringify(live, null, 2)).toMatchObject({ verdict: 'fired-in-time', pass: true });
      expect(live!.measurements.some((m) => m.outcome === 'failed' && m.values[0]! > 0.05)).toBe(true);
      const offline = await evaluateTriggersOffline(run.runDir, spec.file, { expects: 'green errors' });
      expect(offline.verdict).toBe('fired-in-time');
    } finally {
      await prometheus.stop();
    }
  }, 90_000);
});
