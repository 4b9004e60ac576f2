import type { Colour } from '../../shared/colour.js';
import { describeCondition } from '../../shared/condition.js';
import type { Condition } from '../../shared/condition.js';
import { targetWeights } from '../../shared/rule-action.js';
import type { WindowView } from './observation-window.js';
import type { ControllerRule } from './options.js';
import { sameWeights } from './traffic.js';
import type { SwitchRecord, TrafficControl } from './traffic.js';

/** A trailing window of one colour's observations. */
export type WindowSource = (colour: Colour, windowMs: number, now: number) => WindowView;

/** The condition's metric over the window; undefined when the window holds too few samples to judge. */
export function observedValue(condition: Condition, view: WindowView): number | undefined {
  if (condition.metric === 'health-failures') {
    if (view.healthChecks === 0 || view.healthChecks < condition.minRequests) return undefined;
    return view.healthFailures / view.healthChecks;
  }
  if (view.requests === 0 || view.requests < condition.minRequests) return undefined;
  switch (condition.metric) {
    case 'error-rate':
      return view.errors / view.requests;
    case 'latency':
      return view.latencyMs(condition.percentile);
    case 'ttft':
      return view.ttftMs(condition.percentile);
  }
}

export function formatObserved(condition: Condition, value: number): string {
  return condition.metric === 'latency' || condition.metric === 'ttft'
    ? `${Number(value.toFixed(1))} ms`
    : `${(value * 100).toFixed(1)} %`;
}

interface RuleState {
  breachSince: number | undefined;
  /** The admin revision current when the rule fired; the rule re-arms once the admin moves it on. */
  firedAtRevision: number | undefined;
}

/**
 * The rollback controller: each tick, every armed rule whose condition has held for its `for`
 * sets the rule's split: its action's weights, or all traffic to its `switchTo` colour.
 */
export class RollbackController {
  private readonly states: RuleState[];

  constructor(
    private readonly rules: readonly ControllerRule[],
    private readonly windows: WindowSource,
    private readonly traffic: TrafficControl,
  ) {
    this.states = rules.map(() => ({ breachSince: undefined, firedAtRevision: undefined }));
  }

  /** One tick at `now` (ms since the epoch); returns the switches it made. */
  evaluate(now: number): SwitchRecord[] {
    const made: SwitchRecord[] = [];
    this.rules.forEach((rule, position) => {
      const state = this.states[position];
      if (state === undefined || state.firedAtRevision === this.traffic.adminRevision) return;
      const value = observedValue(rule, this.windows(rule.colour, rule.window, now));
      if (value === undefined || value <= rule.above) {
        state.breachSince = undefined;
        return;
      }
      state.breachSince ??= now;
      if (now - state.breachSince < rule.for) return;
      const target = targetWeights(rule);
      if (sameWeights(this.traffic.current, target)) return;
      const reason = `${rule.name}: ${describeCondition(rule)} (observed ${formatObserved(rule, value)})`;
      made.push(this.traffic.set(target, reason, 'controller'));
      state.firedAtRevision = this.traffic.adminRevision;
      state.breachSince = undefined;
    });
    return made;
  }
}
