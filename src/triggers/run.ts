import type { TriggerMeasurement } from '../evaluate/summary.js';
import type { InstantResult } from '../metrics/prometheus.js';

/** Asks one query at one moment (ms since epoch): the live Prometheus, or one replaying a recording. */
export type AskPrometheus = (query: string, at: number) => Promise<InstantResult>;

/** A measurement at a moment in ms; the summary writes it with an ISO time. */
export type Measured = Omit<TriggerMeasurement, 'at'> & { at: number };

/** A stretch in which the trigger had fired (an alert: from firing until resolved). */
export interface Firing {
  at: number;
  /** When it stopped firing; undefined while it still fired at the end. Argo and Flagger never stop. */
  until?: number;
  why: string[];
}

/** What the trigger's own logic did over the run: every measurement it took and when it fired. */
export interface TriggerRun {
  measurements: Measured[];
  firings: Firing[];
  /** What firing means: "abort the rollout", "roll back the canary", "fire alert …". */
  action: string;
  notes: string[];
}

/** The window the trigger ran over: from the run's start to its end (ms since epoch). */
export interface RunWindow {
  start: number;
  end: number;
}

/** Every moment `first + k·every` (k ≥ 0) up to `end`, at most `count` of them. */
export function momentsOf(first: number, every: number | undefined, end: number, count?: number): number[] {
  const moments: number[] = [];
  for (let at = first, k = 0; at <= end && (count === undefined || k < count); k++, at += every ?? Infinity) {
    moments.push(at);
    if (every === undefined) break;
  }
  return moments;
}

/** The values an answer holds: a vector's samples in order, or the scalar. */
export function valuesOf(result: InstantResult): number[] {
  return result.kind === 'scalar' ? [result.value] : result.series.map((series) => series.value);
}

export function formatValues(values: readonly number[]): string {
  return values.length === 0 ? 'no data' : `[${values.map((value) => Number(value.toPrecision(4))).join(', ')}]`;
}
