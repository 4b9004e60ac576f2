import { errorMessage } from '../../errors.js';
import type { FlaggerDefinition, FlaggerMetric } from '../definition.js';
import { formatValues, momentsOf, type AskPrometheus, type Measured, type RunWindow, type TriggerRun } from '../run.js';

/**
 * A Flagger canary analysis over the run, as pkg/controller/scheduler.go and
 * scheduler_metrics.go run it: every analysis `interval` the controller first rolls back if the
 * failed checks have reached `threshold`, else runs the metric checks in order; the first that
 * fails (out of its thresholdRange, or no values: an empty answer or NaN, or a failed query)
 * counts one failed check and ends that round. So the rollback comes on the round after the
 * threshold-th failed check.
 */
export async function simulateFlagger(
  definition: FlaggerDefinition,
  ask: AskPrometheus,
  window: RunWindow,
): Promise<TriggerRun> {
  const run: TriggerRun = {
    measurements: [],
    firings: [],
    action: 'roll back the canary',
    notes: [...definition.notes],
  };
  const failures: string[] = [];
  for (const at of momentsOf(window.start + definition.intervalMs, definition.intervalMs, window.end)) {
    if (failures.length >= definition.threshold) {
      run.firings.push({
        at,
        why: [`${failures.length} failed checks ≥ threshold ${definition.threshold}`, ...failures],
      });
      return run;
    }
    for (const metric of definition.metrics) {
      const measured = await check(metric, ask, at);
      run.measurements.push(measured);
      if (measured.outcome !== 'ok') {
        failures.push(`${metric.name}: ${formatValues(measured.values)} ${measured.detail ?? ''}`.trim());
        break;
      }
    }
  }
  return run;
}

async function check(metric: FlaggerMetric, ask: AskPrometheus, at: number): Promise<Measured> {
  const base = { at, check: metric.name };
  let values: number[];
  try {
    const answer = await ask(metric.query, at);
    if (answer.kind !== 'vector')
      return {
        ...base,
        values: [answer.value],
        outcome: 'error',
        detail: 'query failed: Flagger reads only instant vectors',
      };
    values = answer.series.map((series) => series.value);
  } catch (error) {
    return { ...base, values: [], outcome: 'error', detail: `query failed: ${errorMessage(error)}` };
  }
  // providers/prometheus.go RunQuery keeps the last sample of the vector.
  const last = values.at(-1);
  if (last === undefined || Number.isNaN(last))
    return { ...base, values, outcome: 'failed', detail: 'no values found' };
  const value = metric.wholeMilliseconds ? Math.trunc(last) : last;
  if (metric.min !== undefined && value < metric.min)
    return { ...base, values, outcome: 'failed', detail: `${value} < min ${metric.min}` };
  if (metric.max !== undefined && value > metric.max)
    return { ...base, values, outcome: 'failed', detail: `${value} > max ${metric.max}` };
  return { ...base, values, outcome: 'ok', detail: 'within thresholdRange' };
}
