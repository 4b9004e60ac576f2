import type { LoadSpec } from '../experiment/load-schema.js';
import type { Histogram } from '../journal/histogram.js';
import { percentileMs } from '../journal/histogram.js';
import { aggregate, type Aggregate } from './aggregate.js';
import { summariseClient } from './client-summary.js';
import type { GoodputSummary, LoadSummary, Percentiles, TokenCounting } from './summary.js';
import type { Timeline } from './timeline.js';

/** The load figures of a run; `load` (the experiment's) adds the model and goodput objectives. */
export function summariseLoad(timeline: Timeline, load?: LoadSpec): LoadSummary {
  const totals = aggregate(timeline.buckets);
  const seconds = Math.max(1, (loadEnd(timeline) - timeline.started.t) / 1000);
  const targets = timeline.events.filter((e) => e.type === 'load.target');
  const targetRps = targets.length === 0 ? 0 : targets.reduce((sum, e) => sum + e.rps, 0) / targets.length;
  const client = summariseClient(timeline, totals, load);
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
    ...(load ? { model: load.concurrency === undefined ? ('open' as const) : ('closed' as const) } : {}),
    ...(load?.concurrency !== undefined ? { concurrency: load.concurrency } : {}),
    tpotMs: percentiles(totals.tpot),
    inputTokens: totals.inputTokens,
    outputTokens: totals.outputTokens,
    outputTokensPerSecond: round(totals.outputTokens / seconds),
    tokenCounting: tokenCounting(totals),
    goodput: goodput(totals, seconds, load),
    ...loadMethod(timeline),
    ...(client ? { client } : {}),
  };
}

/** A `load.method` event states how the engine measured; without one it is the native engine's way. */
function loadMethod(timeline: Timeline): Pick<LoadSummary, 'ttftMethod' | 'profileMaxRelativeError'> {
  const method = timeline.events.find((e) => e.type === 'load.method');
  if (!method) return { ttftMethod: 'first-token' };
  return {
    ttftMethod: method.ttftMethod,
    ...(method.profileMaxRelativeError !== undefined
      ? { profileMaxRelativeError: method.profileMaxRelativeError }
      : {}),
  };
}

function tokenCounting(totals: Aggregate): TokenCounting {
  const byUsage = totals.outputTokensFromUsage;
  const byChunks = totals.outputTokensFromChunks;
  const outputTokens = byUsage > 0 && byChunks > 0 ? 'mixed' : byUsage > 0 ? 'usage' : byChunks > 0 ? 'chunks' : 'none';
  return { inputTokens: 'usage', outputTokens, requestsCountedByUsage: byUsage, requestsCountedByChunks: byChunks };
}

function goodput(totals: Aggregate, seconds: number, load: LoadSpec | undefined): GoodputSummary {
  const { ttft, tpot, e2e } = load?.goodput ?? {};
  return {
    objectives: {
      ...(ttft !== undefined && { ttftMs: ttft }),
      ...(tpot !== undefined && { tpotMs: tpot }),
      ...(e2e !== undefined && { e2eMs: e2e }),
    },
    goodRequests: totals.good,
    ratio: totals.requests === 0 ? null : round4(totals.good / totals.requests),
    rps: round(totals.good / seconds),
  };
}

/**
 * Rates are per second of planned load: the phases' planned length (or less when the run ended
 * early), not the draining of the last requests and the cleanup audit that follow it.
 */
function loadEnd(timeline: Timeline): number {
  const planned = timeline.events.reduce((sum, e) => sum + (e.type === 'phase.started' ? e.durationMs : 0), 0);
  return planned > 0 ? Math.min(timeline.endedAt, timeline.started.t + planned) : timeline.endedAt;
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

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
