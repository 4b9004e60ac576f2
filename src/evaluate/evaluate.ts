import { validateExperiment } from '../experiment/validate.js';
import type { JournalEvent } from '../journal/events.js';
import { isoTime } from '../util/format.js';
import { planBlindSpot } from './blind-spot.js';
import { feedInTimeOrder, type Pending } from './bucket-sink.js';
import { evaluateCanary } from './canary.js';
import { planGate } from './gate.js';
import { planLoadSummary } from './load-summary.js';
import { evaluatePromqlSlos } from './promql-slos.js';
import { planRollback } from './rollback.js';
import { summariseRouterCost } from './router-cost.js';
import { indexRun, requireIndex, type RunIndex } from './run-index.js';
import { planSlos } from './slos.js';
import { steadyStateReason, summariseSteadyState } from './steady-state.js';
import { SUMMARY_SCHEMA_VERSION, type CleanupAudit, type FaultSummary, type Summary } from './summary.js';

export interface EvaluateOptions {
  journalTruncated?: boolean;
}

/**
 * Judges a run from its journal alone: SLOs per colour and phase, rollback rules, halts and
 * the cleanup audit. `greenlight report` calls this on the journal of any run, even a killed one.
 * The index holds all but the buckets' histograms; the sinks returned read those in one pass.
 */
export function planEvaluation(index: RunIndex, options: EvaluateOptions = {}): Pending<Summary> {
  const experiment = validateExperiment(index.started.experiment, 'journal run.started.experiment');
  const slos = planSlos(experiment.slos, index);
  const rollback = planRollback(experiment.rollback.rules, index);
  const gate = experiment.gate ? planGate(experiment.gate, index) : undefined;
  const load = planLoadSummary(index, experiment.load);
  const blindSpot = planBlindSpot(experiment.rollback.rules, index);
  return {
    sinks: [...slos.sinks, ...rollback.sinks, ...(gate?.sinks ?? []), ...load.sinks, ...blindSpot.sinks],
    result: () =>
      summarise(index, experiment.name, options, {
        slos: [...slos.result(), ...evaluatePromqlSlos(experiment.prometheus?.slos ?? [], index.events)],
        rollback: rollback.result(),
        gate: gate?.result(),
        canary: experiment.canary ? evaluateCanary(experiment.canary, index) : undefined,
        load: load.result(),
        blindSpot: blindSpot.result(),
      }),
  };
}

/** Evaluates a journal held in memory (tests, a short run's). */
export function evaluateRun(events: readonly JournalEvent[], options: EvaluateOptions = {}): Summary {
  const pending = planEvaluation(requireIndex(indexRun(events)), options);
  feedInTimeOrder(events, pending.sinks);
  return pending.result();
}

type Verdicts = Pick<Summary, 'slos' | 'rollback' | 'load' | 'blindSpot'> & Partial<Pick<Summary, 'gate' | 'canary'>>;

function summarise(index: RunIndex, experiment: string, options: EvaluateOptions, verdicts: Verdicts): Summary {
  const { events } = index;
  const { slos, rollback, gate, canary } = verdicts;
  const routerCost = summariseRouterCost(events);
  const halt = events.find((e) => e.type === 'halt');
  const audited = events.find((e) => e.type === 'cleanup.audited');
  const cleanup: CleanupAudit | null = audited ? { clean: audited.clean, leftovers: audited.leftovers } : null;
  const { load } = verdicts;
  const steadyState = summariseSteadyState(events);
  const triggers = events.find((e) => e.type === 'triggers.evaluated');
  const leftBehind = cleanup && !cleanup.clean ? [`faults left behind: ${cleanup.leftovers.join(', ')}`] : [];
  // Unhealthy before any fault: nothing after it is the faults' or the triggers' doing.
  const reasons =
    steadyState && !steadyState.met
      ? [steadyStateReason(steadyState), ...leftBehind]
      : [
          ...(index.endReason === 'completed'
            ? []
            : [`the run did not complete: ${index.endReason}${index.endDetail ? ` (${index.endDetail})` : ''}`]),
          ...(halt ? [`halted: ${halt.reason}`] : []),
          ...summariseFaultErrors(events),
          ...slos
            .filter((slo) => !slo.pass)
            .map((slo) =>
              `SLO "${slo.name}" (${slo.colour}, ${slo.phase}) failed: ${slo.objective}, ${slo.reason ?? ''}`.trim(),
            ),
          ...rollback.rules
            .filter((rule) => !rule.pass)
            .map((rule) => `rollback rule "${rule.name}" ${rule.verdict}: ${rule.explanation}`),
          ...leftBehind,
          ...(gate?.comparisons ?? [])
            .filter((c) => c.decision === 'fail')
            .map((c) => `release gate, ${c.metric}: ${c.explanation}`),
          ...(canary?.stages ?? [])
            .filter((stage) => !stage.pass)
            .map((stage) => `canary stage ${stage.stage} (green ${stage.greenPercent} %) ${stage.status}`),
          ...triggerReasons(events),
          ...(load.client?.bottleneck && load.client.onBottleneck === 'fail'
            ? [
                `the load generator was the bottleneck (load.clientBottleneck: 'fail'): ${load.client.reasons.join('; ')}`,
              ]
            : []),
        ];
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    runId: index.started.runId,
    experiment,
    source: index.started.source,
    verdict: reasons.length === 0 ? 'pass' : 'fail',
    reasons,
    seed: index.started.seed,
    startedAt: isoTime(index.started.t),
    endedAt: index.ended ? isoTime(index.endedAt) : null,
    endReason: index.endReason,
    phases: index.phases.map((phase) => ({
      name: phase.name,
      startedAt: isoTime(phase.start),
      durationMs: phase.end - phase.start,
    })),
    slos,
    rollback,
    load,
    faults: summariseFaults(events),
    halt: halt ? { at: isoTime(halt.t), reason: halt.reason } : null,
    steadyState,
    cleanup,
    journalTruncated: options.journalTruncated ?? false,
    ...(gate ? { gate } : {}),
    ...(canary ? { canary } : {}),
    blindSpot: verdicts.blindSpot,
    ...(triggers ? { triggers: triggers.results } : {}),
    ...(routerCost ? { routerCost } : {}),
  };
}

function triggerReasons(events: readonly JournalEvent[]): string[] {
  const evaluated = events.find((e) => e.type === 'triggers.evaluated');
  if (!evaluated) return [];
  if (evaluated.error !== undefined) return [`the triggers could not be judged: ${evaluated.error}`];
  return evaluated.results
    .filter((trigger) => !trigger.pass)
    .map((trigger) => `trigger "${trigger.name}" ${trigger.verdict}: ${trigger.explanation}`);
}

function summariseFaults(events: readonly JournalEvent[]): FaultSummary[] {
  const faults = new Map<string, FaultSummary>();
  for (const event of events) {
    if (event.type !== 'fault.applied' && event.type !== 'fault.reverted' && event.type !== 'fault.failed') continue;
    const fault = faults.get(event.name) ?? {
      name: event.name,
      kind: event.kind,
      target: event.target,
      description: '',
      appliedAt: null,
      revertedAt: null,
      timesApplied: 0,
    };
    if (event.type === 'fault.applied') {
      fault.appliedAt ??= isoTime(event.t);
      // Reverted only once its latest window is.
      fault.revertedAt = null;
      fault.timesApplied = (fault.timesApplied ?? 0) + 1;
      fault.description = event.description;
    } else if (event.type === 'fault.reverted') {
      fault.revertedAt = isoTime(event.t);
    } else {
      fault.error = `${event.action} failed: ${event.error}`;
    }
    faults.set(event.name, fault);
  }
  return [...faults.values()];
}

function summariseFaultErrors(events: readonly JournalEvent[]): string[] {
  return events.flatMap((e) =>
    e.type === 'fault.failed' ? [`fault "${e.name}" could not ${e.action}: ${e.error}`] : [],
  );
}
