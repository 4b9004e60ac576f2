import { formatDuration } from '../util/format.js';
import type { TriggerDefinition } from './definition.js';
import { queryRangeMs } from './query-range.js';

/** The longest detection the trigger's configuration allows even when everything goes right. */
export interface DetectionBound {
  ms: number;
  formula: string;
}

/**
 * The detection bound from the trigger's own configuration, for a breach that every measurement
 * sees as soon as the query's range has filled with it (docs/triggers.md):
 * - Argo: initialDelay + interval × (failureLimit + 1) + range — the first failing measurement
 *   comes up to one interval after the breach, then failureLimit more;
 * - Flagger: interval × (threshold + 1) + range — threshold failed rounds, and the rollback
 *   happens on the round after the last of them (scheduler.go);
 * - alerts: interval + ⌈for / interval⌉ × interval + range — the first evaluation that sees it,
 *   then `for` rounded up to whole evaluations.
 * With several metrics or alerts, the quickest one bounds the trigger.
 */
export function detectionBound(definition: TriggerDefinition): DetectionBound {
  const candidates: DetectionBound[] = [];
  switch (definition.kind) {
    case 'argo':
      for (const metric of definition.metrics) {
        const range = queryRangeMs(metric.query);
        if (metric.intervalMs === undefined) {
          candidates.push({
            ms: metric.initialDelayMs + range,
            formula: `${metric.name}: measures once, at initialDelay ${d(metric.initialDelayMs)} (+ range ${d(range)}): a breach after it is never seen`,
          });
          continue;
        }
        const ms = metric.initialDelayMs + metric.intervalMs * (metric.failureLimit + 1) + range;
        candidates.push({
          ms,
          formula: `${metric.name}: initialDelay ${d(metric.initialDelayMs)} + interval ${d(metric.intervalMs)} × (failureLimit ${metric.failureLimit} + 1) + range ${d(range)} = ${d(ms)}`,
        });
      }
      break;
    case 'flagger':
      for (const metric of definition.metrics) {
        const range = Math.max(queryRangeMs(metric.query), metric.intervalMs);
        const ms = definition.intervalMs * (definition.threshold + 1) + range;
        candidates.push({
          ms,
          formula: `${metric.name}: interval ${d(definition.intervalMs)} × (threshold ${definition.threshold} + 1) + range ${d(range)} = ${d(ms)}`,
        });
      }
      break;
    case 'prometheus-rules':
      for (const alert of definition.alerts) {
        const range = queryRangeMs(alert.expr);
        const pending = Math.ceil(alert.forMs / alert.intervalMs) * alert.intervalMs;
        const ms = alert.intervalMs + pending + range;
        candidates.push({
          ms,
          formula: `${alert.alert}: evaluation interval ${d(alert.intervalMs)} + for ${d(alert.forMs)} (${d(pending)} in whole evaluations) + range ${d(range)} = ${d(ms)}`,
        });
      }
      break;
  }
  return candidates.reduce((best, candidate) => (candidate.ms < best.ms ? candidate : best));
}

function d(ms: number): string {
  return formatDuration(ms);
}
