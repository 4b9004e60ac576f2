import type { PromqlSlo } from '../experiment/prometheus-schema.js';
import type { JournalEvent, PromqlQueriedEvent } from '../journal/events.js';
import { formatMetricValue } from '../util/format.js';
import type { SloResult } from './summary.js';

const OP_SYMBOL = { lt: '<', lte: '≤', gt: '>', gte: '≥' } as const;

/**
 * PromQL SLOs judged from the answers the runner journaled: every point of every series returned,
 * reduced by the SLO's `over`. No answer, an error or no points fails the SLO: silence is not health.
 */
export function evaluatePromqlSlos(slos: readonly PromqlSlo[], events: readonly JournalEvent[]): SloResult[] {
  const answers = new Map(
    events.filter((e): e is PromqlQueriedEvent => e.type === 'promql.queried').map((event) => [event.name, event]),
  );
  return slos.map((slo) => evaluate(slo, answers.get(slo.name)));
}

function evaluate(slo: PromqlSlo, answer: PromqlQueriedEvent | undefined): SloResult {
  const subject = slo.threshold
    ? `promql share of points ${OP_SYMBOL[slo.threshold.op]} ${slo.threshold.value}`
    : `promql ${slo.over}`;
  const objective = `${subject} ${slo.below !== undefined ? '<' : '>'} ${slo.below ?? slo.above ?? 0}`;
  const base = { name: slo.name, colour: slo.colour, phase: slo.phase, metric: 'promql', objective, requests: 0 };
  if (!answer)
    return {
      ...base,
      observed: null,
      pass: false,
      reason: 'Prometheus was not queried (the run ended before the load did)',
    };
  if (answer.error !== undefined) return { ...base, observed: null, pass: false, reason: answer.error };
  const points = answer.series
    .flatMap((series) => series.values.map(([, value]) => value))
    .filter((value) => Number.isFinite(value));
  const observed = reduce(slo, answer);
  if (points.length === 0 || observed === undefined) {
    return {
      ...base,
      observed: null,
      pass: false,
      reason: `no data: Prometheus returned no points for ${answer.query}`,
    };
  }
  const pass = slo.below !== undefined ? observed < slo.below : observed > (slo.above ?? 0);
  return {
    ...base,
    observed,
    requests: points.length,
    pass,
    ...(pass ? {} : { reason: `observed ${formatMetricValue('promql', observed)}` }),
  };
}

function reduce(slo: PromqlSlo, answer: PromqlQueriedEvent): number | undefined {
  const finite = answer.series.map((series) => series.values.filter(([, value]) => Number.isFinite(value)));
  const values = finite.flat().map(([, value]) => value);
  if (values.length === 0) return undefined;
  switch (slo.over) {
    case 'worst':
      return worst(slo, values);
    case 'mean':
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    case 'share': {
      const { op, value: limit } = slo.threshold ?? { op: 'lte', value: 0 };
      const meets = (value: number): boolean =>
        op === 'lt' ? value < limit : op === 'lte' ? value <= limit : op === 'gt' ? value > limit : value >= limit;
      return values.filter(meets).length / values.length;
    }
    case 'last': {
      // The latest point of each series; the worst of them when the query returned several.
      const lasts = finite.flatMap((points) => (points.length > 0 ? [points[points.length - 1]![1]] : []));
      return worst(slo, lasts);
    }
  }
}

/** The value furthest on the wrong side: the highest against `below`, the lowest against `above`. */
function worst(slo: PromqlSlo, values: readonly number[]): number {
  return values.reduce((a, b) => (slo.below !== undefined ? Math.max(a, b) : Math.min(a, b)));
}
