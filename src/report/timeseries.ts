import type { Summary } from '../evaluate/summary.js';
import type { BucketEvent, JournalEvent } from '../journal/events.js';
import { createHistogram, decodeHistogram, meanMs, percentileMs } from '../journal/histogram.js';
import type { Histogram } from '../journal/histogram.js';
import type { Colour } from '../shared/colour.js';

export type SeriesColour = Colour | 'all';
const SERIES_COLOURS: readonly SeriesColour[] = ['blue', 'green', 'all'];

/** One value per second of `Timeline.seconds`; null where there was no traffic to measure. */
export interface ColourSeries {
  /** Requests completed (ok or failed) in the second. */
  rps: number[];
  errorPercent: (number | null)[];
  latencyP50Ms: (number | null)[];
  latencyP99Ms: (number | null)[];
  ttftP95Ms: (number | null)[];
  itlMeanMs: (number | null)[];
  dropped: number[];
}

/** A span of the run in seconds since its start. */
export interface Band {
  from: number;
  to: number;
  label: string;
}

export interface Marker {
  at: number;
  kind: 'condition' | 'switch';
  label: string;
}

export interface Timeline {
  /** Epoch milliseconds every offset in the report counts from (the run.started event). */
  startMs: number;
  /** Seconds since the run start, one entry per second from 0 to the last bucket; the values
   * at index s cover [s, s + 1). */
  seconds: number[];
  series: Record<SeriesColour, ColourSeries>;
  /** The planned arrival rate: a step function that holds each value until the next. */
  planned: { at: number; rps: number }[];
  phases: Band[];
  faults: Band[];
  markers: Marker[];
  durationSeconds: number;
}

/** Seconds between the run start and an ISO timestamp or epoch milliseconds. */
export function secondsSince(startMs: number, at: string | number): number {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  return round((ms - startMs) / 1000);
}

function runStartMs(summary: Summary, events: readonly JournalEvent[]): number {
  const started = events.find((event) => event.type === 'run.started');
  return started ? started.t : Date.parse(summary.startedAt);
}

export function buildTimeline(summary: Summary, events: readonly JournalEvent[]): Timeline {
  const startMs = runStartMs(summary, events);
  const buckets = events.filter((event): event is BucketEvent => event.type === 'bucket');
  const secondCount = buckets.reduce((count, bucket) => Math.max(count, secondIndex(startMs, bucket.t) + 1), 0);
  const durationSeconds = Math.max(secondCount, runEndSeconds(summary, events, startMs));
  const planned = plannedRate(events, startMs, durationSeconds);
  return {
    startMs,
    seconds: Array.from({ length: secondCount }, (_, second) => second),
    series: perSecondSeries(buckets, startMs, secondCount),
    planned,
    phases: phaseBands(summary, startMs, durationSeconds),
    faults: faultBands(summary, startMs, durationSeconds),
    markers: markers(summary, startMs),
    durationSeconds,
  };
}

function secondIndex(startMs: number, t: number): number {
  return Math.max(0, Math.floor((t - startMs) / 1000));
}

function runEndSeconds(summary: Summary, events: readonly JournalEvent[], startMs: number): number {
  if (summary.endedAt !== null) return secondsSince(startMs, summary.endedAt);
  const lastT = events.reduce((latest, event) => Math.max(latest, event.t), startMs);
  return secondsSince(startMs, lastT);
}

/** Everything recorded in one second for one series colour; histograms are merged only
 * when measured, and only when there is more than one. */
interface SecondTally {
  requests: number;
  errors: number;
  dropped: number;
  latency: Histogram[];
  ttft: Histogram[];
  itl: Histogram[];
}

function emptySeries(): ColourSeries {
  return { rps: [], errorPercent: [], latencyP50Ms: [], latencyP99Ms: [], ttftP95Ms: [], itlMeanMs: [], dropped: [] };
}

function emptyTally(): SecondTally {
  return { requests: 0, errors: 0, dropped: 0, latency: [], ttft: [], itl: [] };
}

/**
 * Works one second at a time, so a long run never holds more than a second of decoded
 * histograms, and merges into one reused histogram: an hour-long run must render in seconds.
 */
function perSecondSeries(
  buckets: readonly BucketEvent[],
  startMs: number,
  secondCount: number,
): Record<SeriesColour, ColourSeries> {
  const bySecond = new Map<number, BucketEvent[]>();
  for (const bucket of buckets) {
    const second = secondIndex(startMs, bucket.t);
    const inSecond = bySecond.get(second);
    if (inSecond) inSecond.push(bucket);
    else bySecond.set(second, [bucket]);
  }
  const result: Record<SeriesColour, ColourSeries> = { blue: emptySeries(), green: emptySeries(), all: emptySeries() };
  const scratch = createHistogram();
  for (let second = 0; second < secondCount; second++) {
    const tallies = tallySecond(bySecond.get(second) ?? []);
    for (const colour of SERIES_COLOURS) appendSecond(result[colour], tallies[colour], scratch);
  }
  return result;
}

function tallySecond(buckets: readonly BucketEvent[]): Record<SeriesColour, SecondTally> {
  const tallies: Record<SeriesColour, SecondTally> = { blue: emptyTally(), green: emptyTally(), all: emptyTally() };
  for (const bucket of buckets) {
    const latency = decodeAll(bucket.latency);
    const ttft = decodeAll(bucket.ttft);
    const itl = decodeAll(bucket.itl);
    // Requests that never reached a colour (refused, reset) only count towards all traffic.
    const targets = bucket.colour === 'unknown' ? [tallies.all] : [tallies[bucket.colour], tallies.all];
    for (const tally of targets) {
      tally.requests += bucket.requests;
      tally.errors += bucket.errors;
      tally.dropped += bucket.dropped;
      tally.latency.push(...latency);
      tally.ttft.push(...ttft);
      tally.itl.push(...itl);
    }
  }
  return tallies;
}

/** The bucket's histogram as a list of zero or one: empty buckets write ''. */
function decodeAll(encoded: string): Histogram[] {
  return encoded === '' ? [] : [decodeHistogram(encoded)];
}

/** One histogram for the list: itself when alone, else `scratch` refilled (valid until the next call). */
function merged(histograms: readonly Histogram[], scratch: Histogram): Histogram | undefined {
  if (histograms.length <= 1) return histograms[0];
  scratch.reset();
  for (const histogram of histograms) scratch.add(histogram);
  return scratch;
}

function appendSecond(series: ColourSeries, tally: SecondTally, scratch: Histogram): void {
  series.rps.push(tally.requests);
  series.dropped.push(tally.dropped);
  series.errorPercent.push(tally.requests > 0 ? round((100 * tally.errors) / tally.requests) : null);
  const latency = merged(tally.latency, scratch);
  series.latencyP50Ms.push(measured(latency && percentileMs(latency, 50)));
  series.latencyP99Ms.push(measured(latency && percentileMs(latency, 99)));
  const ttft = merged(tally.ttft, scratch);
  series.ttftP95Ms.push(measured(ttft && percentileMs(ttft, 95)));
  const itl = merged(tally.itl, scratch);
  series.itlMeanMs.push(measured(itl && meanMs(itl)));
}

function measured(value: number | undefined): number | null {
  return value === undefined ? null : round(value);
}

function plannedRate(events: readonly JournalEvent[], startMs: number, durationSeconds: number): Timeline['planned'] {
  const planned = events
    .filter((event) => event.type === 'load.target')
    .map((event) => ({ at: secondsSince(startMs, event.t), rps: event.rps }));
  const last = planned.at(-1);
  // The last planned rate holds until the run ends; a closing point makes the step visible.
  if (last && last.at < durationSeconds) planned.push({ at: durationSeconds, rps: last.rps });
  return planned;
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

function faultBands(summary: Summary, startMs: number, durationSeconds: number): Band[] {
  const bands: Band[] = [];
  for (const fault of summary.faults) {
    if (fault.appliedAt === null) continue;
    const from = secondsSince(startMs, fault.appliedAt);
    const to = fault.revertedAt === null ? durationSeconds : secondsSince(startMs, fault.revertedAt);
    bands.push({ from, to: Math.max(from, to), label: fault.name });
  }
  return bands;
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
