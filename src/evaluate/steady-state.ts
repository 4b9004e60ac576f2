import type { Slo } from '../experiment/slo-schema.js';
import type { JournalEvent, SteadyStateEvent } from '../journal/events.js';
import { isoTime } from '../util/format.js';
import { feedInTimeOrder } from './bucket-sink.js';
import { indexRun } from './run-index.js';
import { planSlos } from './slos.js';
import type { SteadyStateSummary } from './summary.js';

/**
 * The steady-state hypothesis, judged on the journal so far: each SLO over [from, to) — the
 * stretch of the phase before the first fault — whatever phase the SLO itself names.
 */
export function checkSteadyState(
  slos: readonly Slo[],
  events: readonly JournalEvent[],
  window: { phase: string; from: number; to: number },
): Pick<SteadyStateEvent, 'met' | 'checks'> {
  const index = indexRun(events);
  if (!index) throw new Error('steady state: the journal has no run.started event');
  const phase = `steady state (${window.phase})`;
  const pending = planSlos(
    slos.map((slo) => ({ ...slo, phase })),
    { ...index, phases: [{ name: phase, start: window.from, end: window.to }] },
  );
  feedInTimeOrder(events, pending.sinks);
  const results = pending.result();
  const checks = results.map(({ name, colour, metric, objective, observed, requests, pass, reason }) => ({
    name,
    colour,
    metric,
    objective,
    observed,
    requests,
    pass,
    ...(reason !== undefined ? { reason } : {}),
  }));
  return { met: checks.every((check) => check.pass), checks };
}

/** The steady-state check as summary.json reports it: from its journal event, or null when there was none. */
export function summariseSteadyState(events: readonly JournalEvent[]): SteadyStateSummary | null {
  const event = events.find((e): e is SteadyStateEvent => e.type === 'steady-state');
  if (!event) return null;
  return {
    checked: event.skipped === undefined,
    met: event.met,
    phase: event.phase,
    from: isoTime(event.from),
    to: isoTime(event.to),
    checks: event.checks,
    ...(event.skipped !== undefined ? { skipped: event.skipped } : {}),
  };
}

/** The verdict's reason when the system was unhealthy before any fault. */
export function steadyStateReason(steadyState: SteadyStateSummary): string {
  const failed = steadyState.checks
    .filter((check) => !check.pass)
    .map((check) => `"${check.name}" (${check.objective}${check.reason ? `, ${check.reason}` : ''})`);
  return `steady state not met before the first fault: the system was already unhealthy in ${steadyState.phase}, so no fault was injected; failed: ${failed.join('; ')}`;
}
