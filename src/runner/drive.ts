import { faultWindows } from '../experiment/fault-windows.js';
import { phaseSpans } from '../experiment/phase-plan.js';
import { createDriverRegistry } from '../faults/registry.js';
import { FaultScheduler } from '../faults/scheduler.js';
import type { JournalEvent } from '../journal/events.js';
import type { RouterView } from '../targets/router-observer.js';
import { watchRouter } from '../targets/router-watch.js';
import type { RunningTarget } from '../targets/target.js';
import { createHaltWatch } from './halt-watch.js';
import { startProgressTicker } from './progress.js';
import type { OpenRun } from './run.js';
import { RunStop, type RunEnding } from './run-stop.js';
import { holdSteadyState, planSteadyState } from './steady-state.js';

/**
 * The live part of a run: the engine's load, phases announced, the steady state checked before
 * faults are applied on schedule, halts and the router watched, progress once a second. Never
 * throws: whatever stops it becomes the returned ending, and every applied fault is reverted.
 */
export async function driveRun(run: OpenRun, target: RunningTarget): Promise<RunEnding> {
  const { experiment, events, clock, startAt, durationMs } = run;
  const stop = new RunStop(run.signal);
  const scheduler = new FaultScheduler({
    windows: faultWindows(experiment.faults, experiment.phases, run.seed),
    drivers: createDriverRegistry(),
    environment: target.faultEnvironment,
    journal: events.journal,
    clock,
    startAt,
    leasePath: run.leasePath,
  });
  const listeners = [haltWatch(run, stop), ...(target.observer.onJournalEvent ? [observerFeed(target)] : [])];
  for (const listener of listeners) events.on('journal', listener);
  const live: { phase: string; router?: RouterView } = { phase: experiment.phases[0]?.name ?? '' };
  const stopProgress = startProgressTicker(
    {
      ...{ startAt, totalMs: durationMs, now: () => clock.now(), engine: run.engine },
      phase: () => live.phase,
      activeFaults: () => scheduler.liveFaults(),
      router: () => describeRouter(live.router),
    },
    (progress) => events.emit('progress', progress),
  );
  const watcher = watchRouter(target.observer, events.journal, clock, stop.signal, {
    onView: (view) => (live.router = view),
    onError: (message) => events.emit('notice', `router observer: ${message}`),
  });
  const plan = {
    url: target.routerUrl,
    load: experiment.load,
    startAt,
    durationMs,
    seed: run.seed,
    runDir: run.runDir,
    workers: run.workers,
    headers: target.headers,
  };
  try {
    await Promise.all([
      run.engine.run(plan, events.journal, stop.signal).catch(stop.fail),
      announcePhases(run, stop.signal, (name) => (live.phase = name)),
      injectFaults(run, scheduler, stop).catch(stop.fail),
    ]);
  } finally {
    stopProgress();
    stop.close();
    await watcher;
    await scheduler.revertAll();
    for (const listener of listeners) events.off('journal', listener);
  }
  return stop.ending;
}

/** Faults go in only once the steady state held over the phase before the first one. */
async function injectFaults(run: OpenRun, scheduler: FaultScheduler, stop: RunStop): Promise<void> {
  const plan = planSteadyState(run.experiment, run.seed);
  if (plan.kind !== 'none') {
    const met = await holdSteadyState(plan, { ...run, signal: stop.signal });
    if (met === undefined) return;
    if (!met) {
      stop.end({
        reason: 'steady-state-not-met',
        detail: `the SLOs of ${plan.phase} did not hold before the first fault`,
      });
      return;
    }
  }
  await scheduler.run(stop.signal);
}

async function announcePhases(run: OpenRun, signal: AbortSignal, onPhase: (name: string) => void): Promise<void> {
  for (const span of phaseSpans(run.experiment.phases)) {
    const t = run.startAt + span.start;
    try {
      await run.clock.sleepUntil(t, signal);
    } catch {
      return;
    }
    onPhase(span.name);
    run.events.journal.append({ type: 'phase.started', t, name: span.name, durationMs: span.end - span.start });
  }
}

/** A halt condition met: its event goes in the journal, and the run ends at once. */
function haltWatch(run: OpenRun, stop: RunStop): (event: JournalEvent) => void {
  return createHaltWatch(run.experiment.halt, run.startAt, (reason) => {
    run.events.journal.append({ type: 'halt', t: run.clock.now(), reason });
    stop.end({ reason: 'halted', detail: reason });
  });
}

function observerFeed(target: RunningTarget): (event: JournalEvent) => void {
  return (event) => target.observer.onJournalEvent?.(event);
}

function describeRouter(view: RouterView | undefined): string {
  if (!view) return '?';
  return view.active === 'split' ? `blue ${view.weights.blue} / green ${view.weights.green}` : `all ${view.active}`;
}
