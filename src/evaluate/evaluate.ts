import { validateExperiment } from '../experiment/validate.js';
import type { JournalEvent } from '../journal/events.js';
import { summariseLoad } from './load-summary.js';
import { evaluateGate } from './gate.js';
import { evaluatePromqlSlos } from './promql-slos.js';
import { evaluateCanary } from './canary.js';
import { evaluateBlindSpot } from './blind-spot.js';
import { evaluateRollback } from './rollback.js';
import { summariseRouterCost } from './router-cost.js';
import { evaluateSlos } from './slos.js';
import { steadyStateReason, summariseSteadyState } from './steady-state.js';
import { SUMMARY_SCHEMA_VERSION, type CleanupAudit, type FaultSummary, type Summary } from './summary.js';
import { buildTimeline, type Timeline } from './timeline.js';
import { InputError } from '../errors.js';

export interface EvaluateOptions {
  journalTruncated?: boolean;
}

/**
 * Judges a run from its journal alone: SLOs per colour and phase, rollback rules, halts and
 * the cleanup audit. `greenlight report` calls this on the journal of any run, even a killed one.
 */
export function evaluateRun(events: JournalEvent[], options: EvaluateOptions = {}): Summary {
  const timeline = buildTimeline(events);
  if (!timeline) throw new InputError('the journal has no run.started event: not a greenlight run journal');
  const experiment = validateExperiment(timeline.started.experiment, 'journal run.started.experiment');
  const slos = [
    ...evaluateSlos(experiment.slos, timeline),
    ...evaluatePromqlSlos(experiment.prometheus?.slos ?? [], events),
  ];
  const rollback = evaluateRollback(experiment.rollback.rules, timeline);
  const gate = experiment.gate ? evaluateGate(experiment.gate, timeline) : undefined;
  const canary = experiment.canary ? evaluateCanary(experiment.canary, timeline) : undefined;
  const routerCost = summariseRouterCost(events);
  const halt = events.find((e) => e.type === 'halt');
  const audited = events.find((e) => e.type === 'cleanup.audited');
  const cleanup: CleanupAudit | null = audited ? { clean: audited.clean, leftovers: audited.leftovers } : null;
  const load = summariseLoad(timeline, experiment.load);
  const steadyState = summariseSteadyState(events);
  const triggers = events.find((e) => e.type === 'triggers.evaluated');
  const leftBehind = cleanup && !cleanup.clean ? [`faults left behind: ${cleanup.leftovers.join(', ')}`] : [];
  // Unhealthy before any fault: nothing after it is the faults' or the triggers' doing.
  const reasons =
    steadyState && !steadyState.met
      ? [steadyStateReason(steadyState), ...leftBehind]
      : [
          ...(timeline.endReason === 'completed'
            ? []
            : [
                `the run did not complete: ${timeline.endReason}${timeline.endDetail ? ` (${timeline.endDetail})` : ''}`,
              ]),
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
    runId: timeline.started.runId,
    experiment: experiment.name,
    source: timeline.started.source,
    verdict: reasons.length === 0 ? 'pass' : 'fail',
    reasons,
    seed: timeline.started.seed,
    startedAt: new Date(timeline.started.t).toISOString(),
    endedAt: events.some((e) => e.type === 'run.ended') ? new Date(timeline.endedAt).toISOString() : null,
    endReason: timeline.endReason,
    phases: timeline.phases.map((phase) => ({
      name: phase.name,
      startedAt: new Date(phase.start).toISOString(),
      durationMs: phase.end - phase.start,
    })),
    slos,
    rollback,
    load,
    faults: summariseFaults(timeline),
    halt: halt ? { at: new Date(halt.t).toISOString(), reason: halt.reason } : null,
    steadyState,
    cleanup,
    journalTruncated: options.journalTruncated ?? false,
    ...(gate ? { gate } : {}),
    ...(canary ? { canary } : {}),
    blindSpot: evaluateBlindSpot(experiment.rollback.rules, timeline),
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

function summariseFaults(timeline: Timeline): FaultSummary[] {
  const faults = new Map<string, FaultSummary>();
  for (const event of timeline.events) {
    if (event.type !== 'fault.applied' && event.type !== 'fault.reverted' && event.type !== 'fault.failed') continue;
    const fault = faults.get(event.name) ?? {
      name: event.name,
      kind: event.kind,
      target: event.target,
      description: '',
      appliedAt: null,
      revertedAt: null,
    };
    if (event.type === 'fault.applied') {
      fault.appliedAt = new Date(event.t).toISOString();
      fault.description = event.description;
    } else if (event.type === 'fault.reverted') {
      fault.revertedAt = new Date(event.t).toISOString();
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
