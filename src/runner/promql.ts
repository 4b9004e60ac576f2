import { InputError, errorMessage } from '../errors.js';
import type { Experiment } from '../experiment/schema.js';
import type { PrometheusSpec } from '../experiment/prometheus-schema.js';
import type { JournalSink } from '../journal/events.js';
import { PrometheusClient, prometheusUrl } from '../metrics/prometheus.js';
import type { Clock } from '../util/clock.js';

/**
 * The experiment's Prometheus, checked ready before the run starts (exit 3 if not): from
 * `prometheus.url`, else the PROMETHEUS_URL environment variable.
 */
export async function connectPrometheus(spec: PrometheusSpec): Promise<PrometheusClient> {
  const url = spec.url ?? process.env.PROMETHEUS_URL;
  if (url === undefined || url === '') {
    throw new InputError(
      'prometheus.url: the experiment has PromQL SLOs but no Prometheus URL (set prometheus.url or PROMETHEUS_URL)',
    );
  }
  const client = new PrometheusClient(prometheusUrl(url, spec.url ? 'prometheus.url' : 'PROMETHEUS_URL'));
  await client.ready();
  return client;
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
  if (phase === '*') return { start: run.startAt, end: run.endedAt };
  let offset = 0;
  for (const [index, candidate] of experiment.phases.entries()) {
    const start = run.startAt + offset;
    const last = index === experiment.phases.length - 1;
    if (candidate.name === phase)
      return { start, end: last ? run.endedAt : Math.min(start + candidate.duration, run.endedAt) };
    offset += candidate.duration;
  }
  return { start: run.startAt, end: run.endedAt };
}
