import { feedInTimeOrder, type BucketSink, type DecodedBucket } from '../evaluate/bucket-sink.js';
import { indexRun, requireIndex, type RunIndex } from '../evaluate/run-index.js';
import type { Summary } from '../evaluate/summary.js';
import type { JournalEvent } from '../journal/events.js';
import { countsMeanMs, countsPercentileMs, mergeCounts } from '../journal/histogram-counts.js';
import type { Colour } from '../shared/colour.js';
import { thinValues, thinnedAxis, type ThinnedAxis } from './thin.js';

export type SeriesColour = Colour | 'all';
const SERIES_COLOURS: readonly SeriesColour[] = ['blue', 'green', 'all'];

/** One value per point of `ChartTimeline.x`; null where there was no traffic to measure. */
export interface ColourSeries {
  /** Requests completed (ok or failed) per second. */
  rps: (number | null)[];
  errorPercent: (number | null)[];
  latencyP50Ms: (number | null)[];
  latencyP99Ms: (number | null)[];
  ttftP95Ms: (number | null)[];
  itlMeanMs: (number | null)[];
  dropped: (number | null)[];
}
/** The series read from histograms, one value per second until they are thinned. */
type HistogramSeries = 'latencyP50Ms' | 'latencyP99Ms' | 'ttftP95Ms' | 'itlMeanMs';

/** A span of the run in seconds since its start. */
export interface Band {
  from: number;
  to: number;
  label: string;
}

/** A fault and every window it was live in (a repeated fault has several). */
export interface FaultRow {
  label: string;
  windows: { from: number; to: number }[];
}

export interface Marker {
  at: number;
  kind: 'condition' | 'switch';
  label: string;
}

/** What the report's charts draw, in seconds since the run start. */
export interface ChartTimeline {
  /** Epoch milliseconds every offset in the report counts from (the run.started event). */
  startMs: number;
  /** Seconds from the start to the last bucket; 0 when no traffic was recorded. */
  recordedSeconds: number;
  /**
   * Where the series' points lie: each second's middle, or for a long run two points per
   * column of `secondsPerColumn` seconds carrying the column's lowest and highest value.
   */
  x: number[];
  secondsPerColumn: number;
  series: Record<SeriesColour, ColourSeries>;
  /** The planned arrival rate: a step function that holds each value until the next. */
  planned: { at: number; rps: number }[];
  phases: Band[];
  faults: FaultRow[];
  markers: Marker[];
  durationSeconds: number;
}

/** Seconds between the run start and an ISO timestamp or epoch milliseconds. */
export function secondsSince(startMs: number, at: string | number): number {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  return round((ms - startMs) / 1000);
}

/**
 * The charts of a run: counts come from the index; the per-second percentiles and means from
 * a sink fed in the same histogram pass as the evaluation. Every series is thinned to the
 * width of a chart before it is embedded (see thin.ts).
 */
export function planChartTimeline(index: RunIndex): {
  sinks: BucketSink[];
  timeline(summary: Summary): ChartTimeline;
} {
  const histograms = new SecondHistograms(index);
  return {
    sinks: [histograms],
    timeline: (summary) => {
      histograms.closeSecond();
      return chartTimeline(summary, index, histograms);
    },
  };
}

/** The charts of a journal held in memory. */
export function buildChartTimeline(summary: Summary, events: readonly JournalEvent[]): ChartTimeline {
  const plan = planChartTimeline(requireIndex(indexRun(events)));
  feedInTimeOrder(events, plan.sinks);
  return plan.timeline(summary);
}

function chartTimeline(summary: Summary, index: RunIndex, histograms: SecondHistograms): ChartTimeline {
  const startMs = index.started.t;
  const recordedSeconds = index.seconds.length;
  const durationSeconds = Math.max(recordedSeconds, runEndSeconds(summary, index));
  const axis = thinnedAxis(recordedSeconds);
  return {
    startMs,
    recordedSeconds,
    x: axis.x,
    secondsPerColumn: axis.secondsPerColumn,
    series: seriesOf(index, histograms, axis),
    planned: plannedRate(index, durationSeconds),
    phases: phaseBands(summary, startMs, durationSeconds),
    faults: faultRows(index, durationSeconds),
    markers: markers(summary, startMs),
    durationSeconds,
  };
}

function runEndSeconds(summary: Summary, index: RunIndex): number {
  return secondsSince(index.started.t, summary.endedAt ?? index.endedAt);
}

function seriesOf(
  index: RunIndex,
  histograms: SecondHistograms,
  axis: ThinnedAxis,
): Record<SeriesColour, ColourSeries> {
  const { seconds } = index;
  const thin = (value: (second: number) => number): (number | null)[] => {
    const values = new Float64Array(seconds.length);
    for (let second = 0; second < seconds.length; second++) values[second] = value(second);
    return thinValues(values, axis);
  };
  const series = (colour: SeriesColour): ColourSeries => {
    const measured = histograms.values[colour];
    return {
      rps: thin((second) => seconds.at('requests', colour, second)),
      errorPercent: thin((second) => {
        const requests = seconds.at('requests', colour, second);
        return requests > 0 ? round((100 * seconds.at('errors', colour, second)) / requests) : Number.NaN;
      }),
      dropped: thin((second) => seconds.at('dropped', colour, second)),
      latencyP50Ms: thinValues(measured.latencyP50Ms, axis),
      latencyP99Ms: thinValues(measured.latencyP99Ms, axis),
      ttftP95Ms: thinValues(measured.ttftP95Ms, axis),
      itlMeanMs: thinValues(measured.itlMeanMs, axis),
    };
  };
  return { blue: series('blue'), green: series('green'), all: series('all') };
}

/**
 * Latency p50 and p99, TTFT p95 and mean ITL of every second, per colour and for all traffic.
 * Buckets come in time order, so a second is complete when the next one starts; only its
 * buckets are held until then.
 */
class SecondHistograms implements BucketSink {
  readonly values: Record<SeriesColour, Record<HistogramSeries, Float64Array>>;
  private second = -1;
  private buckets: DecodedBucket[] = [];

  constructor(private readonly index: RunIndex) {
    const perSecond = (): Float64Array => new Float64Array(index.seconds.length).fill(Number.NaN);
    const series = () => ({
      latencyP50Ms: perSecond(),
      latencyP99Ms: perSecond(),
      ttftP95Ms: perSecond(),
      itlMeanMs: perSecond(),
    });
    this.values = { blue: series(), green: series(), all: series() };
  }

  accept(bucket: DecodedBucket): void {
    const second = this.index.seconds.secondOf(bucket.event.t);
    if (second !== this.second) this.closeSecond();
    this.second = second;
    this.buckets.push(bucket);
  }

  /** Measures the second still open: when the next second starts, and when the pass is over. */
  closeSecond(): void {
    for (const colour of SERIES_COLOURS) {
      const buckets = colour === 'all' ? this.buckets : this.buckets.filter((b) => b.event.colour === colour);
      if (buckets.length > 0) this.measure(this.values[colour], buckets);
    }
    this.buckets = [];
  }

  /** A colour's own bucket is read as it is; all traffic merges the second's buckets (two or three). */
  private measure(values: SecondHistograms['values'][SeriesColour], buckets: readonly DecodedBucket[]): void {
    const second = this.second;
    const latency = mergeCounts(buckets.map((bucket) => bucket.histogram('latency')));
    values.latencyP50Ms[second] = measured(countsPercentileMs(latency, 50));
    values.latencyP99Ms[second] = measured(countsPercentileMs(latency, 99));
    const ttft = mergeCounts(buckets.map((bucket) => bucket.histogram('ttft')));
    values.ttftP95Ms[second] = measured(countsPercentileMs(ttft, 95));
    values.itlMeanMs[second] = measured(countsMeanMs(...buckets.map((bucket) => bucket.histogram('itl'))));
  }
}

function measured(value: number | undefined): number {
  return value === undefined ? Number.NaN : round(value);
}

function plannedRate(index: RunIndex, durationSeconds: number): ChartTimeline['planned'] {
  const planned = index.plannedRate.steps.map((step) => ({ at: secondsSince(index.started.t, step.t), rps: step.rps }));
  const last = planned.at(-1);
  // The last planned rate holds until the run ends; a closing point makes the step visible.
  if (last && last.at < durationSeconds) planned.push({ at: durationSeconds, rps: last.rps });
  return thinSteps(planned, durationSeconds);
}

/** A profile that changes every second (a sine over a day) keeps each column's lowest and highest step. */
function thinSteps(steps: ChartTimeline['planned'], durationSeconds: number): ChartTimeline['planned'] {
  const axis = thinnedAxis(Math.ceil(durationSeconds));
  if (axis.secondsPerColumn === 1 || steps.length <= 2 * axis.columns) return steps;
  const kept: ChartTimeline['planned'] = [];
  let column: ChartTimeline['planned'] = [];
  const keepExtremes = (): void => {
    const low = column.reduce((a, b) => (b.rps < a.rps ? b : a));
    const high = column.reduce((a, b) => (b.rps > a.rps ? b : a));
    kept.push(...(low === high ? [low] : low.at <= high.at ? [low, high] : [high, low]));
    column = [];
  };
  const columnOf = (step: { at: number }): number => Math.floor(step.at / axis.secondsPerColumn);
  for (const step of steps) {
    if (column.length > 0 && columnOf(step) !== columnOf(column[0]!)) keepExtremes();
    column.push(step);
  }
  if (column.length > 0) keepExtremes();
  // The closing step shows how long the last rate held.
  const last = steps.at(-1)!;
  if (kept.at(-1) !== last) kept.push(last);
  return kept;
}

function phaseBands(summary: Summary, startMs: number, durationSeconds: number): Band[] {
  return summary.phases.map((phase, index) => {
    const from = secondsSince(startMs, phase.startedAt);
    const next = summary.phases[index + 1];
    const plannedEnd = round(from + phase.durationMs / 1000);
    const to = Math.min(plannedEnd, next ? secondsSince(startMs, next.startedAt) : plannedEnd, durationSeconds);
    return { from, to: Math.max(from, to), label: phase.name };
  });
}

/** One row per fault, with every window from its application to its revert (or the end). */
function faultRows(index: RunIndex, durationSeconds: number): FaultRow[] {
  const rows = new Map<string, FaultRow>();
  const open = new Map<string, number>();
  for (const event of index.events) {
    if (event.type === 'fault.applied') {
      if (!rows.has(event.name)) rows.set(event.name, { label: event.name, windows: [] });
      open.set(event.name, secondsSince(index.started.t, event.t));
    } else if (event.type === 'fault.reverted') {
      const from = open.get(event.name);
      if (from === undefined) continue;
      open.delete(event.name);
      rows.get(event.name)?.windows.push({ from, to: Math.max(from, secondsSince(index.started.t, event.t)) });
    }
  }
  for (const [name, from] of open) rows.get(name)?.windows.push({ from, to: Math.max(from, durationSeconds) });
  return [...rows.values()];
}

/** Router switches, plus each rule's condition-met and switch moments (a rule's switch is
 * usually one of the router's switches: it is drawn once). */
function markers(summary: Summary, startMs: number): Marker[] {
  const result: Marker[] = summary.rollback.switches.map((entry) => ({
    at: secondsSince(startMs, entry.at),
    kind: 'switch',
    label: `switch ${entry.from} → ${entry.to}`,
  }));
  for (const rule of summary.rollback.rules) {
    if (rule.conditionMetAt !== null) {
      result.push({
        at: secondsSince(startMs, rule.conditionMetAt),
        kind: 'condition',
        label: `${rule.name}: condition met`,
      });
    }
    if (rule.switchedAt !== null) {
      const at = secondsSince(startMs, rule.switchedAt);
      const drawn = result.some((marker) => marker.kind === 'switch' && Math.abs(marker.at - at) < 0.5);
      if (!drawn) result.push({ at, kind: 'switch', label: `${rule.name}: switched` });
    }
  }
  return result.sort((a, b) => a.at - b.at);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
