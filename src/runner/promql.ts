import { errorMessage } from '../errors.js';
import { phaseSpan, runLengthMs } from '../experiment/phase-plan.js';
import type { Experiment } from '../experiment/schema.js';
import type { PrometheusSpec } from '../experiment/prometheus-schema.js';
import type { JournalSink } from '../journal/events.js';
import { startScrapingPrometheus } from '../metrics/local-prometheus.js';
import { PrometheusClient, prometheusUrl } from '../metrics/prometheus.js';
import type { Clock } from '../util/clock.js';

/** The run's Prometheus: the user's, or one greenlight started to scrape the stack. */
export interface RunPrometheus {
  client: PrometheusClient;
  /** Points greenlight's own Prometheus at the stack's /metrics endpoints (the user's scrapes what it scrapes). */
  scrape(targets: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The experiment's Prometheus, checked ready before the stack starts (exit 3 if not): from
 * `prometheus.url`, else the PROMETHEUS_URL environment variable, else a local Prometheus (Debian's
 * binary) that greenlight starts to scrape the stack every second and stops after the run.
 */
export async function connectPrometheus(spec: PrometheusSpec): Promise<RunPrometheus> {
  const url = spec.url ?? process.env.PROMETHEUS_URL;
  if (url === undefined || url.trim() === '') {
    return startScrapingPrometheus("the experiment's prometheus section without a url");
  }
  const client = new PrometheusClient(prometheusUrl(url.trim(), spec.url ? 'prometheus.url' : 'PROMETHEUS_URL'));
  await client.ready();
  return { client, scrape: () => Promise.resolve(), stop: () => Promise.resolve() };
}

/**
 * After the load: waits `settle` for the last scrapes, then asks one range query per PromQL SLO
 * over its phase's window and journals each answer (or why there is none). The run's last phase
 * (and '*') reaches to the moment of the query: no traffic arrives after the load, and the
 * scrapes of its last seconds land only then.
 */
export async function queryPromqlSlos(
  client: PrometheusClient,
  experiment: Experiment,
  startAt: number,
  journal: JournalSink,
  clock: Clock,
): Promise<void> {
  const spec = experiment.prometheus;
  if (!spec) return;
  await clock.sleepUntil(clock.now() + spec.settle);
  const run = { startAt, endedAt: clock.now() };
  for (const slo of spec.slos) {
    const window = phaseWindow(experiment, slo.phase, run);
    const seconds = Math.max(1, Math.round((window.end - window.start) / 1000));
    const query = slo.source.promql.replaceAll('$__range', `${seconds}s`);
    const asked = { type: 'promql.queried' as const, name: slo.name, query, start: window.start, end: window.end };
    if (window.end <= window.start) {
      journal.append({ ...asked, t: clock.now(), series: [], error: `phase "${slo.phase}" never ran` });
      continue;
    }
    try {
      const series = await client.queryRange({ query, start: window.start, end: window.end, stepMs: spec.step });
      journal.append({ ...asked, t: clock.now(), series });
    } catch (error) {
      journal.append({ ...asked, t: clock.now(), series: [], error: errorMessage(error) });
    }
  }
}

function phaseWindow(
  experiment: Experiment,
  phase: string,
  run: { startAt: number; endedAt: number },
): { start: number; end: number } {
  const span = phase === '*' ? undefined : phaseSpan(experiment.phases, phase);
  if (!span) return { start: run.startAt, end: run.endedAt };
  // The last phase reaches to the query: the scrapes of its last seconds land only after the load.
  const last = span.end === runLengthMs(experiment.phases);
  const start = run.startAt + span.start;
  return { start, end: last ? run.endedAt : Math.min(run.startAt + span.end, run.endedAt) };
}
