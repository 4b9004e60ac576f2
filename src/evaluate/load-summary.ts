import type { LoadSpec } from '../experiment/load-schema.js';
import type { HistogramSum } from '../journal/histogram-sums.js';
import type { JournalEvent } from '../journal/events.js';
import { feedInTimeOrder, type HistogramField, type Pending } from './bucket-sink.js';
import { summariseClient } from './client-summary.js';
import { RangeHistograms } from './range-histograms.js';
import { indexRun, requireIndex, type RunIndex } from './run-index.js';
import type { GoodputSummary, LoadSummary, Percentiles, TokenCounting } from './summary.js';

const FIELDS: readonly HistogramField[] = ['latency', 'ttft', 'itl', 'scheduleLag', 'tpot'];

/** The load figures of a run; `load` (the experiment's) adds the model and goodput objectives. */
export function planLoadSummary(index: RunIndex, load?: LoadSpec): Pending<LoadSummary> {
  const histograms = new RangeHistograms('all', -Infinity, Infinity, FIELDS);
  return { sinks: [histograms], result: () => summarise(index, histograms, load) };
}

/** The load figures of a journal held in memory (the plain load run's). */
export function summariseLoad(events: readonly JournalEvent[], load?: LoadSpec): LoadSummary {
  const pending = planLoadSummary(requireIndex(indexRun(events)), load);
  feedInTimeOrder(events, pending.sinks);
  return pending.result();
}

function summarise(index: RunIndex, histograms: RangeHistograms, load: LoadSpec | undefined): LoadSummary {
  const { seconds } = index;
  const all = (
    field: 'requests' | 'errors' | 'dropped' | 'good',
    scope: 'all' | 'blue' | 'green' | 'unknown' = 'all',
  ) => seconds.sum(field, scope, -Infinity, Infinity);
  const requests = all('requests');
  const runSeconds = Math.max(1, (loadEnd(index) - index.started.t) / 1000);
  const client = summariseClient(index.events, { requests, dropped: all('dropped') }, load);
  const byColour: LoadSummary['byColour'] = {};
  for (const colour of ['blue', 'green', 'unknown'] as const) {
    const ofColour = all('requests', colour);
    if (ofColour > 0) byColour[colour] = { requests: ofColour, errors: all('errors', colour) };
  }
  const { totals } = seconds;
  return {
    engine: index.started.engine,
    requests,
    errors: all('errors'),
    targetRps: round(index.plannedRate.meanRps),
    achievedRps: round(requests / runSeconds),
    droppedIterations: all('dropped'),
    outcomes: totals.outcomes,
    latencyMs: percentiles(histograms.get('latency')),
    ttftMs: percentiles(histograms.get('ttft')),
    itlMs: percentiles(histograms.get('itl')),
    scheduleLagMs: percentiles(histograms.get('scheduleLag')),
    byColour,
    ...(load ? { model: load.concurrency === undefined ? ('open' as const) : ('closed' as const) } : {}),
    ...(load?.concurrency !== undefined ? { concurrency: load.concurrency } : {}),
    tpotMs: percentiles(histograms.get('tpot')),
    inputTokens: totals.inputTokens,
    outputTokens: totals.outputTokens,
    outputTokensPerSecond: round(totals.outputTokens / runSeconds),
    tokenCounting: tokenCounting(totals.outputTokensFromUsage, totals.outputTokensFromChunks),
    goodput: goodput(all('good'), requests, runSeconds, load),
    ...loadMethod(index),
    ...(client ? { client } : {}),
  };
}

/** A `load.method` event states how the engine measured; without one it is the native engine's way. */
function loadMethod(index: RunIndex): Pick<LoadSummary, 'ttftMethod' | 'profileMaxRelativeError'> {
  const method = index.events.find((e) => e.type === 'load.method');
  if (!method) return { ttftMethod: 'first-token' };
  return {
    ttftMethod: method.ttftMethod,
    ...(method.profileMaxRelativeError !== undefined
      ? { profileMaxRelativeError: method.profileMaxRelativeError }
      : {}),
  };
}

function tokenCounting(byUsage: number, byChunks: number): TokenCounting {
  const outputTokens = byUsage > 0 && byChunks > 0 ? 'mixed' : byUsage > 0 ? 'usage' : byChunks > 0 ? 'chunks' : 'none';
  return { inputTokens: 'usage', outputTokens, requestsCountedByUsage: byUsage, requestsCountedByChunks: byChunks };
}

function goodput(good: number, requests: number, seconds: number, load: LoadSpec | undefined): GoodputSummary {
  const { ttft, tpot, e2e } = load?.goodput ?? {};
  return {
    objectives: {
      ...(ttft !== undefined && { ttftMs: ttft }),
      ...(tpot !== undefined && { tpotMs: tpot }),
      ...(e2e !== undefined && { e2eMs: e2e }),
    },
    goodRequests: good,
    ratio: requests === 0 ? null : round4(good / requests),
    rps: round(good / seconds),
  };
}

/**
 * Rates are per second of planned load: the phases' planned length (or less when the run ended
 * early), not the draining of the last requests and the cleanup audit that follow it.
 */
function loadEnd(index: RunIndex): number {
  const planned = index.events.reduce((sum, e) => sum + (e.type === 'phase.started' ? e.durationMs : 0), 0);
  return planned > 0 ? Math.min(index.endedAt, index.started.t + planned) : index.endedAt;
}

function percentiles(histogram: HistogramSum): Percentiles {
  const at = (p: number): number | null => {
    const value = histogram.percentileMs(p);
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
