import { checkSteadyState } from '../evaluate/steady-state.js';
import { faultWindows } from '../experiment/fault-windows.js';
import { phaseAt } from '../experiment/phase-plan.js';
import type { Experiment } from '../experiment/schema.js';
import type { Slo } from '../experiment/slo-schema.js';
import type { JournalEvent, RunStartedEvent, SteadyStateEvent } from '../journal/events.js';
import type { Clock } from '../util/clock.js';
import type { RunEvents } from './run-events.js';

/** What to check before the first fault; offsets in ms from the run start. */
export type SteadyStatePlan =
  | { kind: 'none' }
  | { kind: 'skip'; phase: string; at: number; reason: string }
  | { kind: 'check'; phase: string; from: number; to: number; slos: Slo[] };

/** Longest wait for the engine's bucket of the window's last second before judging without it. */
const LAST_BUCKET_WAIT_MS = 1000;

/**
 * The window is the stretch of the phase running just before the first fault, up to the fault;
 * the checks are the experiment's `steadyState.slos`, else every SLO of that phase or of '*'.
 */
export function planSteadyState(experiment: Experiment, seed: number): SteadyStatePlan {
  const windows = faultWindows(experiment.faults, experiment.phases, seed);
  if (experiment.steadyState === false || windows.length === 0) return { kind: 'none' };
  const firstFault = Math.min(...windows.map((window) => window.start));
  const phase = phaseAt(experiment.phases, Math.max(0, firstFault - 1));
  const phaseName = phase?.name ?? '';
  if (firstFault === 0 || !phase) {
    return { kind: 'skip', phase: phaseName, at: 0, reason: 'the first fault starts with the run' };
  }
  const named = experiment.steadyState.slos;
  const slos = named
    ? experiment.slos.filter((slo) => named.includes(slo.name))
    : experiment.slos.filter((slo) => slo.phase === phase.name || slo.phase === '*');
  if (slos.length === 0) {
    return { kind: 'skip', phase: phaseName, at: firstFault, reason: `no SLO applies to phase "${phase.name}"` };
  }
  return { kind: 'check', phase: phase.name, from: phase.start, to: firstFault, slos };
}

/**
 * Waits until the first fault is due, judges the steady state on the journal so far and
 * journals the result. Resolves true when faults may go ahead, false when the steady state was
 * not met, undefined when the run was stopped first.
 */
export async function holdSteadyState(
  plan: Exclude<SteadyStatePlan, { kind: 'none' }>,
  run: { events: RunEvents; started: RunStartedEvent; startAt: number; clock: Clock; signal: AbortSignal },
): Promise<boolean | undefined> {
  const { events, startAt, clock, signal } = run;
  if (plan.kind === 'skip') {
    const at = startAt + plan.at;
    const window = { phase: plan.phase, from: at, to: at };
    events.journal.append({
      type: 'steady-state',
      t: clock.now(),
      ...window,
      met: true,
      checks: [],
      skipped: plan.reason,
    });
    return true;
  }
  const seen: JournalEvent[] = [run.started];
  const collect = (event: JournalEvent): void => void seen.push(event);
  events.on('journal', collect);
  const window = { phase: plan.phase, from: startAt + plan.from, to: startAt + plan.to };
  try {
    await clock.sleepUntil(window.to, signal);
    await lastBucketOf(window.to, seen, events, clock, signal);
  } catch (error) {
    if (signal.aborted) return undefined;
    throw error;
  } finally {
    events.off('journal', collect);
  }
  const result = checkSteadyState(plan.slos, seen, window);
  const event: SteadyStateEvent = { type: 'steady-state', t: clock.now(), ...window, ...result };
  events.journal.append(event);
  return result.met;
}

/** Resolves once a bucket of the second before `to` is in, or after LAST_BUCKET_WAIT_MS. */
async function lastBucketOf(
  to: number,
  seen: readonly JournalEvent[],
  events: RunEvents,
  clock: Clock,
  signal: AbortSignal,
): Promise<void> {
  const isLast = (event: JournalEvent): boolean => event.type === 'bucket' && event.t >= to - 1000;
  if (seen.some(isLast)) return;
  const waited = new AbortController();
  const listener = (event: JournalEvent): void => {
    if (isLast(event)) waited.abort();
  };
  events.on('journal', listener);
  try {
    await clock.sleepUntil(clock.now() + LAST_BUCKET_WAIT_MS, AbortSignal.any([signal, waited.signal]));
  } catch (error) {
    if (!waited.signal.aborted) throw error;
  } finally {
    events.off('journal', listener);
  }
}
