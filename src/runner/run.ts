import { join } from 'node:path';
import type { GreenlightError } from '../errors.js';
import type { Summary } from '../evaluate/summary.js';
import { runLengthMs } from '../experiment/phase-plan.js';
import type { Experiment } from '../experiment/schema.js';
import { preflightGpuFaults } from '../faults/gpu/preflight.js';
import { LEASE_FILE } from '../faults/lease.js';
import { JOURNAL_VERSION, type RouterCostEvent, type RunStartedEvent } from '../journal/events.js';
import { JournalWriter } from '../journal/writer.js';
import type { LoadEngine } from '../load/engine.js';
import type { PrometheusClient } from '../metrics/prometheus.js';
import { loadExperimentTriggers, type LoadedTrigger } from '../triggers/index.js';
import { NativeEngine } from '../load/engines/native/index.js';
import { reportFromJournal } from '../report/from-journal.js';
import type { ReportFiles } from '../report/write.js';
import { withRedactedHeaders } from '../targets/headers.js';
import { checkRouterCost } from '../targets/router-cost/check.js';
import { startTarget } from '../targets/start-target.js';
import type { RunningTarget } from '../targets/target.js';
import { systemClock, type Clock } from '../util/clock.js';
import { driveRun } from './drive.js';
import { finishRun } from './finish.js';
import { preflightTarget } from './preflight.js';
import { connectPrometheus, type RunPrometheus } from './promql.js';
import { createRunDir, makeRunId } from './run-dir.js';
import { RunEvents } from './run-events.js';
import { failedEnding, type RunEnding } from './run-stop.js';

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
  /** The run's event channel; subscribe before the run starts to hear everything. */
  events?: RunEvents;
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

/** A run that has its folder and journal: from here on, whatever happens, it ends with a report. */
export interface OpenRun {
  experiment: Experiment;
  seed: number;
  runId: string;
  runDir: string;
  leasePath: string;
  /** When the first arrival is planned (ms since epoch); every offset counts from here. */
  startAt: number;
  durationMs: number;
  engine: LoadEngine;
  events: RunEvents;
  clock: Clock;
  signal: AbortSignal | undefined;
  journal: JournalWriter;
  /** The journal's first event, which every evaluation of the journal starts from. */
  started: RunStartedEvent;
  /** The run's Prometheus (PromQL SLOs, triggers), checked ready before the target started. */
  prometheus: PrometheusClient | undefined;
  /** The team's own trigger definitions, judged after the run. */
  triggers: LoadedTrigger[];
  /** Worker threads the native engine runs the load on (1 or absent: the main thread). */
  workers?: number;
}

/** Lead time between setting everything up and the first planned arrival. */
const START_LEAD_MS = 500;

/**
 * One run of an experiment, top to bottom: GPU and Prometheus preflight, the target, the
 * target's preflight, then — inside the part that always reverts, audits, closes the journal and
 * writes the report — load, steady state, faults on schedule, router and halts watched.
 */
export async function runExperiment(options: RunOptions): Promise<RunOutcome> {
  const { experiment } = options;
  const seed = options.seed ?? experiment.seed;
  const triggers = loadExperimentTriggers(experiment.triggers, experiment, options.source);
  await preflightGpuFaults(experiment.faults);
  const prometheus = experiment.prometheus ? await connectPrometheus(experiment.prometheus) : undefined;
  try {
    return await runOnTarget(options, { seed, prometheus, triggers });
  } finally {
    await prometheus?.stop();
  }
}

async function runOnTarget(options: RunOptions, context: Omit<RunContext, 'target'>): Promise<RunOutcome> {
  const target = await startTarget(options.experiment, {
    seed: context.seed,
    ...(options.controllerEnabled !== undefined ? { controllerEnabled: options.controllerEnabled } : {}),
  });
  try {
    await preflightTarget(target);
    await context.prometheus?.scrape(target.metricsTargets);
    const routerCost = await measureRouterCost(target, options.experiment, context.seed);
    const run = openRun(options, { ...context, target });
    if (routerCost) run.events.journal.append(routerCost);
    let ending: RunEnding;
    try {
      await target.recordLease(run.runDir);
      ending = await driveRun(run, target);
    } catch (error) {
      ending = failedEnding(error);
    }
    return await reportRun(run, await finishRun(run, target, ending));
  } finally {
    await target.close();
  }
}

interface RunContext {
  seed: number;
  target: RunningTarget;
  prometheus: RunPrometheus | undefined;
  triggers: LoadedTrigger[];
}

function openRun(options: RunOptions, context: RunContext): OpenRun {
  const { seed, target, triggers } = context;
  const prometheus = context.prometheus?.client;
  const { experiment } = options;
  const clock = options.clock ?? systemClock;
  const engine = options.engine ?? new NativeEngine();
  const events = options.events ?? new RunEvents();
  const { runId, runDir } = createRunDir(options.outDir, makeRunId(experiment.name));
  const journal = new JournalWriter(join(runDir, 'journal.ndjson'));
  events.prependListener('journal', (event) => journal.append(event));
  const startAt = clock.now() + START_LEAD_MS;
  const durationMs = runLengthMs(experiment.phases);
  const started: RunStartedEvent = {
    type: 'run.started',
    t: startAt,
    journalVersion: JOURNAL_VERSION,
    runId,
    seed,
    engine: engine.name,
    // Header values written in the target are secrets the journal must not hold.
    experiment: withRedactedHeaders(experiment),
    source: options.source,
  };
  const run: OpenRun = {
    ...{ experiment, seed, runId, runDir, startAt, durationMs, engine, events, clock, journal, started },
    ...{ prometheus, triggers },
    leasePath: join(runDir, LEASE_FILE),
    signal: options.signal,
    workers: options.workers,
  };
  events.journal.append(started);
  events.emit('start', { runId, runDir, parts: target.parts, durationMs, seed, startAt });
  return run;
}

async function reportRun(run: OpenRun, ending: RunEnding): Promise<RunOutcome> {
  const { summary, files } = await reportFromJournal(run.runDir, run.journal.path);
  return { summary, runDir: run.runDir, files, ...(ending.failure ? { failure: ending.failure } : {}) };
}

/** Before the load, on a router that is the user's: what it adds to each colour's answers. */
async function measureRouterCost(
  target: RunningTarget,
  experiment: Experiment,
  seed: number,
): Promise<RouterCostEvent | undefined> {
  if (!target.routerCostCheck) return undefined;
  const { routerUrl, colourUrls, headers } = target;
  return checkRouterCost(
    { routerUrl, colourUrls, headers, workload: experiment.load.workload, seed },
    target.routerCostCheck,
  );
}
