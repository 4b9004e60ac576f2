import { describeObjective, formatSloValue } from '../experiment/describe-slo.js';
import type { Slo } from '../experiment/slo-schema.js';
import { percentileMs } from '../journal/histogram.js';
import { aggregate, type Aggregate } from './aggregate.js';
import { availability } from './availability.js';
import { burnRateFailures, evaluateBurnRate } from './burn-rate.js';
import type { SloResult } from './summary.js';
import { bucketsBetween, type PhaseWindow, type Timeline } from './timeline.js';

/** Evaluates every SLO over its colour and phase ('*' = the whole run). */
export function evaluateSlos(slos: readonly Slo[], timeline: Timeline): SloResult[] {
  return slos.map((slo) => evaluateSlo(slo, timeline));
}

function evaluateSlo(slo: Slo, timeline: Timeline): SloResult {
  const window = windowOf(slo.phase, timeline);
  const objective = describeObjective(slo);
  const base = { name: slo.name, colour: slo.colour, phase: slo.phase, metric: slo.metric, objective };
  if (!window) {
    return { ...base, observed: null, requests: 0, pass: false, reason: `phase "${slo.phase}" never started` };
  }
  const buckets = bucketsBetween(timeline.buckets, window.start, window.end);
  // Dropped arrivals have no colour; they count against every colour's objective.
  const totals = aggregate(buckets, slo.colour === 'all' ? undefined : slo.colour);
  const dropped = slo.colour === 'all' ? totals.dropped : aggregate(buckets, 'unknown').dropped;
  const observed = observe(slo, totals, dropped, window);
  if (observed === undefined) {
    return { ...base, observed: null, requests: totals.requests, pass: false, reason: 'no requests to judge' };
  }
  const met = slo.below !== undefined ? observed < slo.below : observed > (slo.above ?? 0);
  const colourBuckets = slo.colour === 'all' ? buckets : buckets.filter((bucket) => bucket.colour === slo.colour);
  const burnRate = slo.burnRate ? evaluateBurnRate(slo, slo.burnRate, colourBuckets, window) : undefined;
  const reasons = [
    ...(met ? [] : [`observed ${formatSloValue(slo, observed)}`]),
    ...(burnRate ? burnRateFailures(burnRate, window.start) : []),
  ];
  const pass = reasons.length === 0;
  return {
    ...base,
    observed,
    requests: totals.requests,
    pass,
    ...(burnRate ? { burnRate } : {}),
    ...(pass ? {} : { reason: reasons.join('; ') }),
  };
}

function windowOf(phase: string, timeline: Timeline): PhaseWindow | undefined {
  if (phase === '*') return { name: '*', start: timeline.started.t, end: timeline.endedAt };
  return timeline.phases.find((window) => window.name === phase);
}

function observe(slo: Slo, totals: Aggregate, dropped: number, window: PhaseWindow): number | undefined {
  switch (slo.metric) {
    case 'error-rate':
      return totals.requests === 0 ? undefined : totals.errors / totals.requests;
    case 'latency':
      return percentileMs(totals.latency, slo.percentile);
    case 'ttft':
      return percentileMs(totals.ttft, slo.percentile);
    case 'itl':
      return percentileMs(totals.itl, slo.percentile);
    case 'throughput':
      return (totals.requests - totals.errors) / Math.max(1, (window.end - window.start) / 1000);
    case 'dropped':
      return dropped;
    case 'availability':
      return availability(totals.outcomes, totals.requests);
    case 'tpot':
      return percentileMs(totals.tpot, slo.percentile);
    case 'goodput':
      return totals.requests === 0 ? undefined : totals.good / totals.requests;
  }
}
