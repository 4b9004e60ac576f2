import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { EnvironmentError, GreenlightError, InterruptedError, errorMessage } from '../errors.js';
import { evaluateRun } from '../evaluate/evaluate.js';
import type { CleanupAudit, Summary } from '../evaluate/summary.js';
import type { Experiment } from '../experiment/schema.js';
import { LEASE_FILE, readLease } from '../faults/lease.js';
import { createDriverRegistry } from '../faults/registry.js';
import { faultWindows } from '../experiment/fault-windows.js';
import { FaultScheduler } from '../faults/scheduler.js';
import { preflightGpuFaults } from '../faults/gpu/preflight.js';
import { readJournal } from '../journal/reader.js';
import type { JournalEvent } from '../journal/events.js';
import { JournalWriter } from '../journal/writer.js';
import type { LoadEngine } from '../load/engine.js';
import { NativeEngine } from '../load/engines/native/index.js';
import { writeReport, type ReportFiles } from '../report/write.js';
import { startStack, type RunningStack } from '../targets/start-stack.js';
import type { RouterView } from '../targets/router-observer.js';
import { watchRouter } from '../targets/router-watch.js';
import { systemClock, type Clock } from '../util/clock.js';
import type { PrometheusClient } from '../metrics/prometheus.js';
import { createHaltWatch } from './halt-watch.js';
import { createRateMeter, type RunProgress } from './progress.js';
import { connectPrometheus, queryPromqlSlos } from './promql.js';
import { createRunDir, makeRunId } from './run-dir.js';

export interface RunCallbacks {
  onStart?(info: { runId: string; runDir: string; parts: string[]; durationMs: number; seed: number }): void;
  onProgress?(progress: RunProgress): void;
  /** Every journal event as it is written (buckets included); `runStart` dates offsets. */
  onEvent?(event: JournalEvent, runStart: number): void;
  onNotice?(message: string): void;
}

export interface RunOptions {
  experiment: Experiment;
  /** Where the experiment came from, for the report. */
  source: string;
  /** The reports folder; the run writes into <outDir>/<run-id>/. */
  outDir: string;
  /** Overrides the experiment's seed. */
  seed?: number;
  /** Overrides the embedded controller's enabled flag. */
  controllerEnabled?: boolean;
  /** Aborting it (SIGINT/SIGTERM) ends the run early: faults reverted, partial report written. */
  signal?: AbortSignal;
  callbacks?: RunCallbacks;
  engine?: LoadEngine;
  /** Worker threads the native engine runs the load on (1: the main thread). */
  workers?: number;
  clock?: Clock;
}

export interface RunOutcome {
  summary: Summary;
  runDir: string;
  files: ReportFiles;
  /** Set when the run did not complete: interrupted, or failed part-way (the report is partial). */
  failure?: GreenlightError;
}

/** Lead time between setting everything up and the first planned arrival. */
const START_LEAD_MS = 500;
const PREFLIGHT_TIMEOUT_MS = 5000;

/**
 * One run of an experiment on the embedded stack: load, faults on schedule, router observed,
 * halts watched; then every fault reverted, the cleanup audited, the run judged from its
 * journal and the report written — also when the run is interrupted or fails half-way.
 */
export async function runExperiment(options: RunOptions): Promise<RunOutcome> {
  const { experiment, callbacks = {} } = options;
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? experiment.seed;
  await preflightGpuFaults(experiment.faults);
  const prometheus = experiment.prometheus ? await connectPrometheus(experiment.prometheus) : undefined;
  const stack = await startStack(experiment, {
    seed,
    ...(options.controllerEnabled !== undefined ? { controllerEnabled: options.controllerEnabled } : {}),
  });
  try {
    await preflight(stack.routerUrl);
    return await runOnStack(stack, { ...options, seed, clock, callbacks, ...(prometheus ? { prometheus } : {}) });
  } finally {
    await stack.close();
  }
}

async function runOnStack(
  stack: RunningStack,
  options: RunOptions & { seed: number; clock: Clock; callbacks: RunCallbacks; prometheus?: PrometheusClient },
): Promise<RunOutcome> {
  const { experiment, clock, callbacks, seed } = options;
  const { runId, runDir } = createRunDir(options.outDir, makeRunId(experiment.name));
  await stack.recordLease(runDir);
  const journal = new JournalWriter(join(runDir, 'journal.ndjson'));
  const engine = options.engine ?? new NativeEngine();
  const durationMs = experiment.phases.reduce((sum, phase) => sum + phase.duration, 0);
  const startAt = clock.now() + START_LEAD_MS;
  const leasePath = join(runDir, LEASE_FILE);
  const scheduler = new FaultScheduler({
    windows: faultWindows(experiment.faults, experiment.phases, seed),
    drivers: createDriverRegistry(),
    environment: stack.faultEnvironment,
    journal,
    clock,
    startAt,
    leasePath,
  });

  const stop = new AbortController();
  let ending: { reason: 'completed' | 'halted' | 'interrupted' | 'error'; detail?: string; error?: unknown } = {
    reason: 'completed',
  };
  const end = (reason: typeof ending.reason, detail: string, error?: unknown): void => {
    if (stop.signal.aborted) return;
    ending = { reason, detail, error };
    stop.abort();
  };
  const onExternalAbort = (): void => {
    const reason: unknown = options.signal?.reason;
    end('interrupted', reason instanceof Error ? reason.message : 'interrupted', reason);
  };
  if (options.signal?.aborted) onExternalAbort();
  options.signal?.addEventListener('abort', onExternalAbort, { once: true });

  journal.append({
    type: 'run.started',
    t: startAt,
    journalVersion: 1,
    runId,
    seed,
    engine: engine.name,
    experiment,
    source: options.source,
  });
  journal.subscribe(
    createHaltWatch(experiment.halt, startAt, (reason) => {
      journal.append({ type: 'halt', t: clock.now(), reason });
      end('halted', reason);
    }),
  );
  const { onEvent } = callbacks;
  if (onEvent) journal.subscribe((event) => onEvent(event, startAt));
  const { observer } = stack;
  if (observer.onJournalEvent) journal.subscribe((event) => observer.onJournalEvent?.(event));
  callbacks.onStart?.({ runId, runDir, parts: stack.parts, durationMs, seed });

  let routerView: RouterView | undefined;
  let currentPhase = experiment.phases[0]?.name ?? '';
  const failRun = (error: unknown): void => end('error', errorMessage(error), error);
  const tasks = [
    engine
      .run(
        { url: stack.routerUrl, load: experiment.load, startAt, durationMs, seed, runDir, workers: options.workers },
        journal,
        stop.signal,
      )
      .catch(failRun),
    scheduler.run(stop.signal).catch(failRun),
    announcePhases(experiment, startAt, clock, stop.signal, (name, phaseMs, t) => {
      currentPhase = name;
      journal.append({ type: 'phase.started', t, name, durationMs: phaseMs });
    }),
  ];
  const watcher = watchRouter(stack.observer, journal, clock, stop.signal, {
    onView: (view) => (routerView = view),
    onError: (message) => callbacks.onNotice?.(`router observer: ${message}`),
  });
  const meter = createRateMeter();
  const ticker = setInterval(() => {
    const load = engine.progress();
    const { rps, errorRate } = meter(load);
    callbacks.onProgress?.({
      phase: currentPhase,
      elapsedMs: Math.max(0, clock.now() - startAt),
      totalMs: durationMs,
      rps,
      errorRate,
      errorsTotal: load.errors,
      droppedTotal: load.dropped,
      inFlight: load.inFlight,
      activeFaults: scheduler.liveFaults(),
      router: describeRouter(routerView),
    });
  }, 1000);

  try {
    await Promise.all(tasks);
  } finally {
    clearInterval(ticker);
    stop.abort();
    await watcher;
    await scheduler.revertAll();
    options.signal?.removeEventListener('abort', onExternalAbort);
  }
  const cleanup = await auditCleanup(stack, leasePath);
  if (options.prometheus && ending.reason !== 'interrupted') {
    await queryPromqlSlos(options.prometheus, experiment, startAt, journal, clock);
  }
  journal.append({ type: 'cleanup.audited', t: clock.now(), ...cleanup });
  journal.append({
    type: 'run.ended',
    t: clock.now(),
    reason: ending.reason,
    ...(ending.detail ? { detail: ending.detail } : {}),
  });
  journal.close();

  const { events, truncated } = await readJournal(journal.path);
  const summary = evaluateRun(events, { journalTruncated: truncated });
  const files = await writeReport(runDir, summary, events);
  const failure = failureOf(ending);
  return { summary, runDir, files, ...(failure ? { failure } : {}) };
}

function failureOf(ending: { reason: string; error?: unknown }): GreenlightError | undefined {
  if (ending.reason === 'interrupted') {
    return ending.error instanceof GreenlightError ? ending.error : new InterruptedError('abort');
  }
  if (ending.reason !== 'error') return undefined;
  return ending.error instanceof GreenlightError
    ? ending.error
    : new EnvironmentError(errorMessage(ending.error), { cause: ending.error });
}

async function announcePhases(
  experiment: Experiment,
  startAt: number,
  clock: Clock,
  signal: AbortSignal,
  onPhase: (name: string, durationMs: number, t: number) => void,
): Promise<void> {
  let offset = 0;
  for (const phase of experiment.phases) {
    try {
      await clock.sleepUntil(startAt + offset, signal);
    } catch {
      return;
    }
    onPhase(phase.name, phase.duration, startAt + offset);
    offset += phase.duration;
  }
}

async function auditCleanup(stack: RunningStack, leasePath: string): Promise<CleanupAudit> {
  const audit = await stack.audit();
  const leased = await readLease(leasePath);
  if (leased.length === 0) await rm(leasePath, { force: true });
  const leftovers = [
    ...audit.leftovers,
    ...leased.map((lease) => `lease still lists ${lease.kind} "${lease.name}" on ${lease.target}`),
  ];
  return { clean: leftovers.length === 0, leftovers };
}

async function preflight(routerUrl: string): Promise<void> {
  try {
    const response = await request(`${routerUrl}/v1/models`, {
      headersTimeout: PREFLIGHT_TIMEOUT_MS,
      bodyTimeout: PREFLIGHT_TIMEOUT_MS,
    });
    await response.body.dump();
    if (response.statusCode !== 200) throw new Error(`GET /v1/models answered ${response.statusCode}`);
  } catch (error) {
    throw new EnvironmentError(`preflight: the target at ${routerUrl} is not serving: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

function describeRouter(view: RouterView | undefined): string {
  if (!view) return '?';
  return view.active === 'split' ? `blue ${view.weights.blue} / green ${view.weights.green}` : `all ${view.active}`;
}
