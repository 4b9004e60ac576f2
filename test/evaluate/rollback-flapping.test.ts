import { describe, expect, it } from 'vitest';
import { evaluateRun } from '../../src/evaluate/evaluate.js';
import { baseExperiment, journal, routerState, steady } from '../support/journal-fixture.js';

/** Blue healthy at 10 rps; green 10 rps, failing 5 per second in [10, greenFailsUntil). */
function traffic(greenFailsUntil: number) {
  return [
    routerState(0, 50, 50),
    ...steady('blue', 0, 40, 10),
    ...steady('green', 0, 10, 10),
    ...steady('green', 10, greenFailsUntil, 10, 5),
    ...steady('green', greenFailsUntil, 40, 10),
  ];
}

describe('rollback verdicts: flapping and recovery', () => {
  it('measures recovery: from the switch until all traffic stays under the threshold', () => {
    const events = [
      routerState(0, 50, 50),
      ...steady('blue', 0, 40, 10),
      ...steady('green', 0, 10, 10),
      ...steady('green', 10, 13, 10, 5),
      routerState(13, 100, 0, 'green errors'),
    ];
    const rule = evaluateRun(journal(baseExperiment, events)).rollback.rules[0]!;
    expect(rule.verdict).toBe('fired-in-time');
    // All traffic, 10 s windows: green's 15 failures (seconds 10-12) stay in view; the window
    // ending with second 20 still holds 10 of 120 (8.3 %), the one ending with second 21 holds
    // 5 of 110 (4.5 %, not above 5 %) and none breaches after: recovered at 22 s, 9 s after the switch.
    expect(rule.recoverySeconds).toBe(9);
    expect(rule.switchesToTarget).toBe(1);
  });

  it('reports no recovery when all traffic still breaches at the end of the run', () => {
    const events = [
      routerState(0, 50, 50),
      ...steady('blue', 0, 40, 10, 2),
      ...steady('green', 0, 10, 10),
      ...steady('green', 10, 13, 10, 5),
      routerState(13, 100, 0),
    ];
    const rule = evaluateRun(journal(baseExperiment, events)).rollback.rules[0]!;
    expect(rule.recoverySeconds).toBeNull();
  });

  it('flapping: traffic switched to blue, back to green and to blue again', () => {
    const events = [
      ...traffic(40),
      routerState(13, 100, 0, 'trip'),
      routerState(15, 50, 50, 'operator'),
      routerState(17, 100, 0, 'trip again'),
    ];
    const summary = evaluateRun(journal(baseExperiment, events));
    const rule = summary.rollback.rules[0]!;
    expect(rule.verdict).toBe('flapping');
    expect(rule.pass).toBe(false);
    expect(rule.switchesToTarget).toBe(2);
    expect(rule.detectionSeconds).toBe(2);
    expect(rule.explanation).toContain('2 times, back and forth');
    expect(summary.verdict).toBe('fail');
  });

  it('flapping: traffic went back to green while the condition still held', () => {
    const events = [...traffic(40), routerState(13, 100, 0, 'trip'), routerState(16, 50, 50, 'too early')];
    const rule = evaluateRun(journal(baseExperiment, events)).rollback.rules[0]!;
    expect(rule.verdict).toBe('flapping');
    expect(rule.explanation).toContain('moved back to blue 50 / green 50');
  });

  it('handing traffic back after green recovered is not flapping', () => {
    const events = [...traffic(13), routerState(13, 100, 0, 'trip'), routerState(35, 50, 50, 'green fixed')];
    const rule = evaluateRun(journal(baseExperiment, events)).rollback.rules[0]!;
    expect(rule.verdict).toBe('fired-in-time');
    expect(rule.pass).toBe(true);
  });
});

describe('rollback verdicts: a rule whose action sets weights', () => {
  const experiment = {
    ...baseExperiment,
    rollback: {
      rules: [
        {
          name: 'green errors',
          colour: 'green' as const,
          metric: 'error-rate' as const,
          above: 0.05,
          window: '10s',
          minRequests: 20,
          action: { weights: { blue: 90, green: 10 } },
          within: '15s',
        },
      ],
    },
  };

  it('is in time only when the router moved to the action weights', () => {
    const rule = evaluateRun(journal(experiment, [...traffic(40), routerState(13, 90, 10, 'shrink green')])).rollback
      .rules[0]!;
    expect(rule.verdict).toBe('fired-in-time');
    expect(rule.explanation).toContain('Traffic moved to blue 90 / green 10');
  });

  it('a switch to all blue is not the expected action: missed', () => {
    const rule = evaluateRun(journal(experiment, [...traffic(40), routerState(13, 100, 0)])).rollback.rules[0]!;
    expect(rule.verdict).toBe('missed');
    expect(rule.explanation).toContain('never moved to blue 90 / green 10');
  });
});
