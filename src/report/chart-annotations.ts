import type { RunIndex } from '../evaluate/run-index.js';
import type { Summary } from '../evaluate/summary.js';
import type { Band, ChartTimeline, FaultRow, Marker } from './chart-timeline.js';
import { roundTo3 } from './round.js';
import { thinnedAxis } from './thin.js';

/** Seconds between the run start and an ISO timestamp or epoch milliseconds. */
export function secondsSince(startMs: number, at: string | number): number {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  return roundTo3((ms - startMs) / 1000);
}

export function plannedRate(index: RunIndex, durationSeconds: number): ChartTimeline['planned'] {
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

export function phaseBands(summary: Summary, startMs: number, durationSeconds: number): Band[] {
  return summary.phases.map((phase, index) => {
    const from = secondsSince(startMs, phase.startedAt);
    const next = summary.phases[index + 1];
    const plannedEnd = roundTo3(from + phase.durationMs / 1000);
    const to = Math.min(plannedEnd, next ? secondsSince(startMs, next.startedAt) : plannedEnd, durationSeconds);
    return { from, to: Math.max(from, to), label: phase.name };
  });
}

/** One row per fault, with every window from its application to its revert (or the end). */
export function faultRows(index: RunIndex, durationSeconds: number): FaultRow[] {
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
export function markers(summary: Summary, startMs: number): Marker[] {
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
