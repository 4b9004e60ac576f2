import { Gauge, Pushgateway, Registry } from 'prom-client';
import { EnvironmentError, errorMessage } from '../errors.js';
import type { Summary } from '../evaluate/summary.js';

const JOB = 'greenlight';
const TIMEOUT_MS = 10_000;
const QUANTILES = [
  ['0.5', 'p50'],
  ['0.9', 'p90'],
  ['0.95', 'p95'],
  ['0.99', 'p99'],
] as const;

/**
 * Pushes a run's figures to a Prometheus Pushgateway with prom-client, so teams chart weekly
 * runs next to their services: job "greenlight", grouped by `experiment` plus `labels` (e.g.
 * { env: 'staging' }). The push replaces the group, so a rule or SLO dropped from the experiment
 * disappears with the next run. Scrape the Pushgateway with `honor_labels: true` to keep the
 * grouping labels. Metrics (gauges; seconds, ratios and counts as the summary has them):
 *
 * - greenlight_run_verdict (1 pass, 0 fail), greenlight_run_timestamp_seconds,
 *   greenlight_run_duration_seconds, greenlight_run_requests{colour}, greenlight_run_errors{colour},
 *   greenlight_run_dropped_iterations
 * - greenlight_rollback_rule_pass{rule}, greenlight_rollback_detection_seconds{rule} (when it
 *   switched), greenlight_rollback_budget_seconds{rule}, greenlight_requests_lost_during_switch{rule}
 * - greenlight_slo_observed{slo,colour,phase} (when measured), greenlight_slo_pass{slo,colour,phase}
 * - greenlight_latency_seconds{quantile}, greenlight_ttft_seconds{quantile} (all traffic)
 * - greenlight_blind_spot_failures{colour,phase}: failures inside 200 answers
 */
export async function pushRunMetrics(
  url: string,
  summary: Summary,
  labels: Record<string, string> = {},
): Promise<void> {
  const registry = runRegistry(summary);
  const gateway = new Pushgateway(url, { timeout: TIMEOUT_MS }, registry);
  try {
    await gateway.push({ jobName: JOB, groupings: { experiment: summary.experiment, ...labels } });
  } catch (error) {
    throw new EnvironmentError(`Pushgateway at ${url}: the push failed: ${errorMessage(error)}`, { cause: error });
  }
}

/** The run's figures as gauges in a registry of their own (never the process's global one). */
export function runRegistry(summary: Summary): Registry {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> =>
    new Gauge({ name, help, labelNames, registers: [registry] });

  gauge('greenlight_run_verdict', 'Verdict of the run: 1 pass, 0 fail.').set(summary.verdict === 'pass' ? 1 : 0);
  gauge('greenlight_run_timestamp_seconds', 'When the run started (Unix seconds).').set(
    Date.parse(summary.startedAt) / 1000,
  );
  if (summary.endedAt !== null) {
    const seconds = (Date.parse(summary.endedAt) - Date.parse(summary.startedAt)) / 1000;
    gauge('greenlight_run_duration_seconds', 'How long the run took.').set(seconds);
  }
  const requests = gauge('greenlight_run_requests', 'Requests completed in the run, by colour.', ['colour']);
  const errors = gauge('greenlight_run_errors', 'Failed requests in the run, by colour.', ['colour']);
  for (const [colour, counts] of Object.entries(summary.load.byColour)) {
    requests.set({ colour }, counts.requests);
    errors.set({ colour }, counts.errors);
  }
  gauge('greenlight_run_dropped_iterations', 'Planned arrivals the engine could not start.').set(
    summary.load.droppedIterations,
  );

  const rulePass = gauge('greenlight_rollback_rule_pass', 'Rollback rule behaved as expected: 1 yes, 0 no.', ['rule']);
  const detection = gauge('greenlight_rollback_detection_seconds', 'From the condition holding to the switch.', [
    'rule',
  ]);
  const budget = gauge('greenlight_rollback_budget_seconds', 'The detection budget of the rule.', ['rule']);
  const lost = gauge(
    'greenlight_requests_lost_during_switch',
    'Failed requests from the condition holding until traffic had moved.',
    ['rule'],
  );
  for (const rule of summary.rollback.rules) {
    rulePass.set({ rule: rule.name }, rule.pass ? 1 : 0);
    budget.set({ rule: rule.name }, rule.budgetSeconds);
    lost.set({ rule: rule.name }, rule.failedRequestsBeforeSwitch + rule.failedRequestsDuringSwitch);
    if (rule.detectionSeconds !== null) detection.set({ rule: rule.name }, rule.detectionSeconds);
  }

  const sloObserved = gauge('greenlight_slo_observed', 'Observed value of the SLO (its unit).', [
    'slo',
    'colour',
    'phase',
  ]);
  const sloPass = gauge('greenlight_slo_pass', 'SLO met: 1 yes, 0 no.', ['slo', 'colour', 'phase']);
  for (const slo of summary.slos) {
    const scope = { slo: slo.name, colour: slo.colour, phase: slo.phase };
    sloPass.set(scope, slo.pass ? 1 : 0);
    if (slo.observed !== null) sloObserved.set(scope, slo.observed);
  }

  const latency = gauge('greenlight_latency_seconds', 'End-to-end latency of successful requests, all traffic.', [
    'quantile',
  ]);
  const ttft = gauge('greenlight_ttft_seconds', 'Time to first token, all traffic.', ['quantile']);
  for (const [quantile, key] of QUANTILES) {
    const latencyMs = summary.load.latencyMs[key];
    const ttftMs = summary.load.ttftMs[key];
    if (latencyMs !== null) latency.set({ quantile }, latencyMs / 1000);
    if (ttftMs !== null) ttft.set({ quantile }, ttftMs / 1000);
  }

  const blind = gauge(
    'greenlight_blind_spot_failures',
    'Failed requests whose status was 200 (a stream cut, an error inside a stream).',
    ['colour', 'phase'],
  );
  for (const figure of summary.blindSpot?.figures ?? []) {
    blind.set({ colour: figure.colour, phase: figure.phase }, figure.invisible);
  }
  return registry;
}
