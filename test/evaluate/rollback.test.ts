import { describe, expect, it } from 'vitest';
import { evaluateRun } from '../../src/evaluate/evaluate.js';
import { baseExperiment, journal, routerState, steady, T0 } from '../support/journal-fixture.js';

/** Green fails 50 % from second 10; blue is healthy throughout; the router starts 50/50. */
function greenFailsFrom10(switchSecond: number | undefined) {
  const greenUntil = switchSecond ?? 40;
  return [
    routerState(0, 50, 50),
    ...steady('blue', 0, 40, 10),
    ...steady('green', 0, 10, 10),
    ...steady('green', 10, greenUntil, 10, 5),
    ...(switchSecond === undefined ? [] : [routerState(switchSecond, 100, 0, 'green errors: green error rate > 5 %')]),
  ];
}

describe('rollback verdicts', () => {
  it('fired in time: condition met, switch within the budget', () => {
    const summary = evaluateRun(journal(baseExperiment, greenFailsFrom10(13)));
    const rule = summary.rollback.rules[0]!;
    expect(rule.verdict).toBe('fired-in-time');
    expect(rule.pass).toBe(true);
    // 10 s window at 10 rps: seconds 1-10 hold 5 errors in 100 requests (5 %, not above it);
    // seconds 2-11 hold 10 in 100, so the condition is met in second 11.
    expect(rule.conditionMetAt).toBe(new Date(T0 + 11_000).toISOString());
    expect(rule.switchedAt).toBe(new Date(T0 + 13_000).toISOString());
    expect(rule.detectionSeconds).toBe(2);
    expect(rule.failedRequestsBeforeSwitch).toBe(10);
    expect(summary.rollback.verdict).toBe('pass');
    expect(summary.rollback.detectionSeconds).toBe(2);
    expect(summary.verdict).toBe('pass');
  });

  it('fired late: the switch comes after the budget', () => {
    const summary = evaluateRun(journal(baseExperiment, greenFailsFrom10(30)));
    const rule = summary.rollback.rules[0]!;
    expect(rule.verdict).toBe('fired-late');
    expect(rule.detectionSeconds).toBe(19);
    expect(summary.verdict).toBe('fail');
    expect(summary.reasons.join('\n')).toContain('late');
  });

  it('missed: the condition held but traffic never moved', () => {
    const summary = evaluateRun(journal(baseExperiment, greenFailsFrom10(undefined)));
    const rule = summary.rollback.rules[0]!;
    expect(rule.verdict).toBe('missed');
    expect(rule.switchedAt).toBeNull();
    expect(rule.explanation).toContain('rollback was missed');
    expect(summary.verdict).toBe('fail');
  });

  it('false positive: traffic moved while green was healthy', () => {
    const events = [
      routerState(0, 50, 50),
      ...steady('blue', 0, 40, 10),
      ...steady('green', 0, 20, 10),
      routerState(20, 100, 0, 'too tight'),
    ];
    const summary = evaluateRun(journal(baseExperiment, events));
    expect(summary.rollback.rules[0]!.verdict).toBe('false-positive');
    expect(summary.rollback.switches).toEqual([
      {
        at: new Date(T0 + 20_000).toISOString(),
        from: 'split',
        to: 'blue',
        reason: 'too tight',
        weights: { from: { blue: 50, green: 50 }, to: { blue: 100, green: 0 } },
      },
    ]);
    expect(summary.verdict).toBe('fail');
  });

  it('not triggered: healthy green and no switch pass', () => {
    const events = [routerState(0, 50, 50), ...steady('blue', 0, 40, 10), ...steady('green', 0, 40, 10)];
    const summary = evaluateRun(journal(baseExperiment, events));
    expect(summary.rollback.rules[0]!.verdict).toBe('not-triggered');
    expect(summary.verdict).toBe('pass');
  });

  it('minRequests keeps a single early failure from counting', () => {
    const events = [routerState(0, 50, 50), ...steady('green', 0, 1, 2, 1), ...steady('green', 1, 40, 10)];
    const summary = evaluateRun(journal(baseExperiment, events));
    expect(summary.rollback.rules[0]!.verdict).toBe('not-triggered');
  });
});
