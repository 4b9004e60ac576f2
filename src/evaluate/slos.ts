import { describeObjective } from '../experiment/describe-slo.js';
import type { Slo } from '../experiment/slo-schema.js';
import { formatMetricValue } from '../util/format.js';
import { availability } from './availability.js';
import type { HistogramField, Pending } from './bucket-sink.js';
import { burnRateFailures, evaluateBurnRate } from './burn-rate.js';
import { RangeHistograms } from './range-histograms.js';
import type { PhaseWindow, RunIndex } from './run-index.js';
import type { ColourScope } from './second-counts.js';
import type { SloResult } from './summary.js';

const HISTOGRAM_METRICS: Partial<Record<Slo['metric'], HistogramField>> = {
  latency: 'latency',
  ttft: 'ttft',
  itl: 'itl',
  tpot: 'tpot',
};

/** Every SLO over its colour and phase ('*' = the whole run). */
export function planSlos(slos: readonly Slo[], index: RunIndex): Pending<SloResult[]> {
  const plans = slos.map((slo) => planSlo(slo, index));
  return {
    sinks: plans.flatMap((plan) => plan.sinks),
    result: () => plans.map((plan) => plan.result()),
  };
}

function planSlo(slo: Slo, index: RunIndex): Pending<SloResult> {
  const window = windowOf(slo.phase, index);
  const base = {
    name: slo.name,
    colour: slo.colour,
    phase: slo.phase,
    metric: slo.metric,
    objective: describeObjective(slo),
  };
  if (!window) {
    return {
      sinks: [],
      result: () => ({
        ...base,
        observed: null,
        requests: 0,
        pass: false,
        reason: `phase "${slo.phase}" never started`,
      }),
    };
  }
  const scope: ColourScope = slo.colour;
  const field = HISTOGRAM_METRICS[slo.metric];
  const histograms = field ? new RangeHistograms(scope, window.start, window.end, [field]) : undefined;
  return {
    sinks: histograms ? [histograms] : [],
    result: () => {
      const requests = index.seconds.sum('requests', scope, window.start, window.end);
      const observed = field ? histograms?.get(field).percentileMs(slo.percentile) : counted(slo, index, window);
      if (observed === undefined) {
        return { ...base, observed: null, requests, pass: false, reason: 'no requests to judge' };
      }
      const met = slo.below !== undefined ? observed < slo.below : observed > (slo.above ?? 0);
      const burnRate = slo.burnRate ? evaluateBurnRate(slo, slo.burnRate, index.seconds, window) : undefined;
      const reasons = [
        ...(met ? [] : [`observed ${formatMetricValue(slo.metric, observed)}`]),
        ...(burnRate ? burnRateFailures(burnRate, window.start) : []),
      ];
      const pass = reasons.length === 0;
      return {
        ...base,
        observed,
        requests,
        pass,
        ...(burnRate ? { burnRate } : {}),
        ...(pass ? {} : { reason: reasons.join('; ') }),
      };
    },
  };
}

function windowOf(phase: string, index: RunIndex): PhaseWindow | undefined {
  if (phase === '*') return { name: '*', start: index.started.t, end: index.endedAt };
  return index.phases.find((window) => window.name === phase);
}

/** The metrics counted per second rather than read from histograms. */
function counted(slo: Slo, index: RunIndex, window: PhaseWindow): number | undefined {
  const sum = (field: 'requests' | 'errors' | 'dropped' | 'unavailable' | 'good', scope: ColourScope = slo.colour) =>
    index.seconds.sum(field, scope, window.start, window.end);
  const requests = sum('requests');
  switch (slo.metric) {
    case 'error-rate':
      return requests === 0 ? undefined : sum('errors') / requests;
    case 'throughput':
      return (requests - sum('errors')) / Math.max(1, (window.end - window.start) / 1000);
    case 'dropped':
      // Dropped arrivals have no colour; they count against every colour's objective.
      return sum('dropped', slo.colour === 'all' ? 'all' : 'unknown');
    case 'availability':
      return availability(requests, sum('unavailable'));
    case 'goodput':
      return requests === 0 ? undefined : sum('good') / requests;
    default:
      return undefined;
  }
}
