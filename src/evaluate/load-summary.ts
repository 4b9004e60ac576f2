import type { Histogram } from '../journal/histogram.js';
import { percentileMs } from '../journal/histogram.js';
import { aggregate } from './aggregate.js';
import type { LoadSummary, Percentiles } from './summary.js';
import type { Timeline } from './timeline.js';

export function summariseLoad(timeline: Timeline): LoadSummary {
  const totals = aggregate(timeline.buckets);
  const seconds = Math.max(1, (timeline.endedAt - timeline.started.t) / 1000);
  const targets = timeline.events.filter((e) => e.type === 'load.target');
  const targetRps = targets.length === 0 ? 0 : targets.reduce((sum, e) => sum + e.rps, 0) / targets.length;
  const byColour: LoadSummary['byColour'] = {};
  for (const colour of ['blue', 'green', 'unknown'] as const) {
    const ofColour = aggregate(timeline.buckets, colour);
    if (ofColour.requests > 0) byColour[colour] = { requests: ofColour.requests, errors: ofColour.errors };
  }
  return {
    engine: timeline.started.engine,
    requests: totals.requests,
    errors: totals.errors,
    targetRps: round(targetRps),
    achievedRps: round(totals.requests / seconds),
    droppedIterations: totals.dropped,
    outcomes: totals.outcomes,
    latencyMs: percentiles(totals.latency),
    ttftMs: percentiles(totals.ttft),
    itlMs: percentiles(totals.itl),
    scheduleLagMs: percentiles(totals.scheduleLag),
    byColour,
  };
}

function percentiles(histogram: Histogram): Percentiles {
  const at = (p: number): number | null => {
    const value = percentileMs(histogram, p);
    return value === undefined ? null : round(value);
  };
  return { p50: at(50), p90: at(90), p95: at(95), p99: at(99), max: at(100) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
