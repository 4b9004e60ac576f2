import { feedInTimeOrder, type BucketSink } from '../evaluate/bucket-sink.js';
import { indexRun, requireIndex, type RunIndex } from '../evaluate/run-index.js';
import type { Summary } from '../evaluate/summary.js';
import type { JournalEvent } from '../journal/events.js';
import type { Colour } from '../shared/colour.js';
import { faultRows, markers, phaseBands, plannedRate, secondsSince } from './chart-annotations.js';
import { roundTo3 } from './round.js';
import { SecondHistograms } from './second-histograms.js';
import { thinValues, thinnedAxis, type ThinnedAxis } from './thin.js';

export type SeriesColour = Colour | 'all';

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

/**
 * The charts of a run: counts come from the index; the per-second percentiles and means from
 * a sink fed in the same histogram pass as the evaluation. Every series is thinned to the
 * width of a chart before it is embedded (see thin.ts).
 */
export function planChartTimeline(
  index: RunIndex,
  axisSeconds = 0,
): {
  sinks: BucketSink[];
  timeline(summary: Summary): ChartTimeline;
} {
  const histograms = new SecondHistograms(index);
  return {
    sinks: [histograms],
    timeline: (summary) => {
      histograms.closeSecond();
      return chartTimeline(summary, index, histograms, axisSeconds);
    },
  };
}

/**
 * The charts of a journal held in memory; `axisSeconds` stretches the x axis past the run's own
 * seconds, so that two runs compared side by side share their points.
 */
export function buildChartTimeline(summary: Summary, events: readonly JournalEvent[], axisSeconds = 0): ChartTimeline {
  const plan = planChartTimeline(requireIndex(indexRun(events)), axisSeconds);
  feedInTimeOrder(events, plan.sinks);
  return plan.timeline(summary);
}

function chartTimeline(
  summary: Summary,
  index: RunIndex,
  histograms: SecondHistograms,
  axisSeconds: number,
): ChartTimeline {
  const startMs = index.started.t;
  const recordedSeconds = index.seconds.length;
  const durationSeconds = Math.max(recordedSeconds, runEndSeconds(summary, index));
  const axis = thinnedAxis(Math.max(recordedSeconds, axisSeconds));
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
        return requests > 0 ? roundTo3((100 * seconds.at('errors', colour, second)) / requests) : Number.NaN;
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
