import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Experiment } from '../../src/experiment/schema.js';
import type { TriggerSpec } from '../../src/experiment/triggers-schema.js';
import type { TriggerResult } from '../../src/evaluate/summary.js';
import { readJournal } from '../../src/journal/reader.js';
import type { JournalEvent } from '../../src/journal/events.js';
import { RunEvents } from '../../src/runner/run-events.js';
import { runExperiment } from '../../src/runner/run.js';
import {
  evaluateTriggersLive,
  loadExperimentTriggers,
  recordTriggerSeries,
  triggerQueries,
  type Recording,
} from '../../src/triggers/index.js';
import { startScrapingPrometheus, type ScrapingPrometheus } from '../../src/metrics/local-prometheus.js';

export { startScrapingPrometheus, type ScrapingPrometheus };

export const PROMETHEUS_INSTALLED = existsSync('/usr/bin/prometheus') && existsSync('/usr/bin/promtool');
if (!PROMETHEUS_INSTALLED && process.env.CI)
  throw new Error('prometheus/promtool are missing; under CI the trigger suites must not skip');

/** host:port of every loopback URL in the run's banner: the colours, and HAProxy's exporter. */
function targetsOf(parts: readonly string[]): string[] {
  return parts.flatMap((part) => /^(?:blue|green|metrics)\s+http:\/\/(127\.0\.0\.1:\d+)/.exec(part)?.slice(1) ?? []);
}

export interface ScrapedRun {
  runDir: string;
  events: JournalEvent[];
}

/**
 * A real `runExperiment` on the embedded stack while the Prometheus scrapes it; returns once the
 * last scrapes have landed (3 s after the run, a scrape interval and a margin).
 */
export async function runScraped(
  experiment: Experiment,
  prometheus: ScrapingPrometheus,
  outDir: string,
): Promise<ScrapedRun> {
  const channel = new RunEvents();
  channel.on('start', ({ parts }) => void prometheus.scrape(targetsOf(parts)));
  const outcome = await runExperiment({ experiment, source: 'test', outDir, events: channel });
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const { events } = await readJournal(join(outcome.runDir, 'journal.ndjson'));
  return { runDir: outcome.runDir, events };
}

/**
 * What the runner does at the end of a run with triggers: the series their queries need recorded
 * into the run folder, then each trigger evaluated live against the run's Prometheus.
 */
export async function recordAndEvaluate(
  prometheus: ScrapingPrometheus,
  run: ScrapedRun,
  experiment: Experiment,
  specs: readonly TriggerSpec[],
): Promise<{ recording: Recording; live: TriggerResult[] }> {
  const triggers = loadExperimentTriggers(specs, experiment, join(run.runDir, 'experiment.ts'));
  const started = run.events.find((event) => event.type === 'run.started')!.t;
  const ended = run.events.find((event) => event.type === 'run.ended')!.t;
  const recording = await recordTriggerSeries({
    client: prometheus.client,
    runDir: run.runDir,
    queries: triggerQueries(triggers),
    start: started,
    end: ended,
  });
  const live = await evaluateTriggersLive({ client: prometheus.client, triggers, experiment, events: run.events });
  return { recording, live };
}
