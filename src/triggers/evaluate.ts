import { InputError } from '../errors.js';
import type { RollbackRule } from '../experiment/schema.js';
import type { TriggerResult } from '../evaluate/summary.js';
import type { RunInMemory } from '../evaluate/run-index.js';
import type { TriggerDefinition } from './definition.js';
import { judgeTrigger } from './judge.js';
import type { AskPrometheus, RunWindow, TriggerRun } from './run.js';
import { simulateAlerts } from './simulate/alerts.js';
import { simulateArgo } from './simulate/argo.js';
import { simulateFlagger } from './simulate/flagger.js';

/** Runs the trigger's own schedule and logic over the run window, asking `ask` at each moment. */
export function simulateTrigger(
  definition: TriggerDefinition,
  ask: AskPrometheus,
  window: RunWindow,
): Promise<TriggerRun> {
  switch (definition.kind) {
    case 'argo':
      return simulateArgo(definition, ask, window);
    case 'flagger':
      return simulateFlagger(definition, ask, window);
    case 'prometheus-rules':
      return simulateAlerts(definition, ask, window);
  }
}

export interface TriggerCheck {
  definition: TriggerDefinition;
  rule: RollbackRule;
  timeline: RunInMemory;
  ask: AskPrometheus;
  evaluatedWith: TriggerResult['evaluatedWith'];
  /** Replaces the simulated firings (offline rule files: promtool's), with why. */
  firings?: (run: TriggerRun) => Promise<TriggerRun>;
}

/** One trigger, simulated over the run and judged against its rule. */
export async function checkTrigger(check: TriggerCheck): Promise<TriggerResult> {
  const window = runWindow(check.timeline);
  const simulated = await simulateTrigger(check.definition, check.ask, window);
  const run = check.firings ? await check.firings(simulated) : simulated;
  return judgeTrigger({ ...check, run });
}

export function runWindow(timeline: RunInMemory): RunWindow {
  return { start: timeline.started.t, end: timeline.endedAt };
}

/** The rollback rule a trigger is expected to match; an InputError naming the rules there are. */
export function ruleNamed(rules: readonly RollbackRule[], name: string, where: string): RollbackRule {
  const rule = rules.find((candidate) => candidate.name === name);
  if (rule) return rule;
  const names = rules.map((candidate) => `"${candidate.name}"`).join(', ') || 'none';
  throw new InputError(`${where}: expects "${name}": no such rollback rule (the experiment's rules: ${names})`);
}
