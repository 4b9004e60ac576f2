import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateExperiment } from '../../src/experiment/validate.js';
import type { TriggerResult } from '../../src/evaluate/summary.js';
import type { TriggerSpec } from '../../src/experiment/triggers-schema.js';
import { evaluateTriggersOffline, TRIGGER_SERIES_FILE } from '../../src/triggers/index.js';
import { runCli } from '../support/cli.js';
import {
  PROMETHEUS_INSTALLED,
  recordAndEvaluate,
  runScraped,
  startScrapingPrometheus,
  type ScrapedRun,
  type ScrapingPrometheus,
} from './support.js';

/**
 * The team's own triggers against one real run: green answers 30 % of its requests with a 500
 * from the start, so greenlight's rule "green errors" (error rate > 10 % over 5s, 10 s budget)
 * holds within the first seconds. A real Prometheus scrapes the reference services every second.
 * - the example Argo template (interval 2s, failureLimit 1) aborts in time;
 * - the same query every 5s with failureLimit 3 is late, and its bound (25 s) says so beforehand;
 * - a Flagger analysis whose thresholdRange (max 100 %) can never fail misses the rollback.
 * Then the run folder's recording replays each definition offline (promtool blocks + a fresh
 * Prometheus) with the same verdicts, and `greenlight triggers check` on an edited definition
 * changes the verdict without sending any load.
 */
const experiment = validateExperiment(
  {
    name: 'triggers-green-errors',
    seed: 7,
    target: { kind: 'embedded', green: { errorRate: 0.3 }, router: { controller: { enabled: false } } },
    load: {
      profile: { kind: 'constant', rate: 20 },
      workload: { mix: [{ request: { kind: 'chat', stream: false, promptTokens: 50, maxTokens: 8 } }] },
    },
    phases: [{ name: 'steady', duration: '32s' }],
    rollback: {
      rules: [
        {
          name: 'green errors',
          colour: 'green',
          metric: 'error-rate',
          above: 0.1,
          window: '5s',
          minRequests: 10,
          within: '10s',
        },
      ],
    },
  },
  'test experiment',
);
const definitions = {
  inTime: resolve('triggers/argo-analysis-template.yaml'),
  late: resolve('test/triggers/fixtures/argo-late.yaml'),
  neverFails: resolve('test/triggers/fixtures/flagger-never-fails.yaml'),
};
const specs: TriggerSpec[] = [
  { file: definitions.inTime, args: {}, expects: 'green errors' },
  { file: definitions.late, args: { colour: 'green' }, expects: 'green errors' },
  { file: definitions.neverFails, args: {}, expects: 'green errors' },
];

let prometheus: ScrapingPrometheus | undefined;
let run: ScrapedRun;
let live: TriggerResult[];
const out = mkdtempSync(join(tmpdir(), 'greenlight-triggers-run-'));

describe.skipIf(!PROMETHEUS_INSTALLED)('trigger definitions against a real run and a real Prometheus', () => {
  beforeAll(async () => {
    prometheus = await startScrapingPrometheus('the trigger tests');
    run = await runScraped(experiment, prometheus, out);
    const { recording, live: results } = await recordAndEvaluate(prometheus, run, experiment, specs);
    expect(recording.metricNames).toEqual(['http_requests_total']);
    expect(recording.samples).toBeGreaterThan(100);
    live = results;
  }, 90_000);

  afterAll(async () => {
    await prometheus?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  it('the example Argo template aborts in time, and its bound fits the budget', () => {
    const [argo] = live;
    expect(argo, JSON.stringify(argo, null, 2)).toMatchObject({ kind: 'argo', verdict: 'fired-in-time', pass: true });
    expect(argo!.bound).toMatchObject({ seconds: 9, meetsBudget: true });
    expect(argo!.detectionSeconds!).toBeLessThanOrEqual(10);
    expect(argo!.why[0]).toMatch(/error-rate failed 2 times > failureLimit 1/);
    expect(argo!.measurements.filter((m) => m.outcome === 'failed').length).toBe(2);
  });

  it('the same query every 5s with failureLimit 3 aborts late, as its bound already says', () => {
    const late = live[1]!;
    expect(late, JSON.stringify(late, null, 2)).toMatchObject({ verdict: 'fired-late', pass: false });
    expect(late.bound).toMatchObject({ seconds: 25, meetsBudget: false });
    expect(late.notes.join('\n')).toMatch(/cannot detect a breach within the 10s budget/);
    expect(late.detectionSeconds!).toBeGreaterThan(10);
  });

  it('a Flagger analysis whose thresholdRange can never fail misses the rollback', () => {
    const flagger = live[2]!;
    expect(flagger, JSON.stringify(flagger, null, 2)).toMatchObject({
      kind: 'flagger',
      verdict: 'missed',
      firedAt: null,
    });
    expect(flagger.measurements.length).toBeGreaterThanOrEqual(2);
    expect(flagger.measurements.every((m) => m.outcome === 'ok' && m.values[0]! > 10)).toBe(true);
  });

  it('the offline check from the run folder gives the same verdicts', async () => {
    for (const [index, spec] of specs.entries()) {
      const offline = await evaluateTriggersOffline(run.runDir, spec.file, { args: spec.args, expects: spec.expects });
      expect(offline.evaluatedWith).toBe('offline');
      expect(offline.verdict, `${spec.file}: ${offline.explanation}`).toBe(live[index]!.verdict);
      expect(offline.measurements.length).toBe(live[index]!.measurements.length);
    }
  }, 60_000);

  it('greenlight triggers check: an edited definition changes the verdict, no load sent', async () => {
    const journal = readFileSync(join(run.runDir, 'journal.ndjson'));
    const inTime = await runCli(['triggers', 'check', run.runDir, '--file', definitions.inTime]);
    expect(inTime.code, inTime.stderr + inTime.stdout).toBe(0);
    expect(inTime.stdout).toMatch(/^trigger: fired in time/m);
    const edited = join(out, 'edited.yaml');
    writeFileSync(
      edited,
      readFileSync(definitions.inTime, 'utf8')
        .replace('interval: 2s', 'interval: 5s')
        .replace('failureLimit: 1', 'failureLimit: 3'),
    );
    const late = await runCli(['triggers', 'check', run.runDir, '--file', edited, '--expects', 'green errors']);
    expect(late.code, late.stderr + late.stdout).toBe(1);
    expect(late.stdout).toMatch(/^trigger: FIRED LATE/m);
    expect(late.stdout).toMatch(/bound 25s > budget 10s/);
    expect(readFileSync(join(run.runDir, 'journal.ndjson'))).toEqual(journal);
    expect(existsSync(join(run.runDir, TRIGGER_SERIES_FILE))).toBe(true);
  }, 60_000);
});
