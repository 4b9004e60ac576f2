import type { RollbackRule } from '../experiment/schema.js';
import type { ControllerRule } from '../reference/router/options.js';
import type { Canary } from '../shared/canary.js';
import type { Condition } from '../shared/condition.js';

/**
 * The rules greenlight's reference controller enforces: the target's own when it gives some
 * (each switching to blue), else the experiment's rollback rules, so the controller is configured
 * with the very definition the run is judged by.
 */
export function controllerRules(
  own: readonly Condition[] | undefined,
  rollbackRules: readonly RollbackRule[],
): ControllerRule[] {
  return (
    own?.map((rule, index) => ({ ...rule, name: `controller rule ${index + 1}`, switchTo: 'blue' as const })) ??
    rollbackRules.map(({ within: _within, ...rule }) => rule)
  );
}

/** The experiment's staged canary as the reference router and controller take it. */
export function canaryOptions(canary: Canary): { stages: number[]; everyMs: number } {
  return { stages: canary.stages, everyMs: canary.every };
}
