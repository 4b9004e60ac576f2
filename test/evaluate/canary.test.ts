import { describe, expect, it } from 'vitest';
import { evaluateRun } from '../../src/evaluate/evaluate.js';
import type { JournalEvent } from '../../src/journal/events.js';
import { baseExperiment, journal, routerState, steady } from '../support/journal-fixture.js';

const experiment = { ...baseExperiment, canary: { stages: [10, 25, 50, 100], every: '5s' } };

function canaryOf(events: JournalEvent[], seconds = 40) {
  const summary = evaluateRun(journal(experiment, events, seconds));
  return { summary, canary: summary.canary! };
}

describe('canary stages, verified stage by stage', () => {
  it('every stage reached on schedule passes, with the green share each stage carried', () => {
    const traffic = [
      ...steady('blue', 0, 5, 9),
      ...steady('green', 0, 5, 1),
      ...steady('blue', 5, 40, 5),
      ...steady('green', 5, 40, 5),
    ];
    const { canary } = canaryOf([
      routerState(0, 90, 10),
      routerState(5, 75, 25),
      routerState(10, 50, 50),
      routerState(15.5, 0, 100),
      ...traffic,
    ]);
    expect(canary.stages.map((s) => s.status)).toEqual(['on-time', 'on-time', 'on-time', 'on-time']);
    expect(canary.verdict).toBe('pass');
    expect(canary.stages[0]!.observedGreenShare).toBeCloseTo(0.1);
    expect(canary.stages[1]!.observedGreenShare).toBeCloseTo(0.5);
    expect(canary.rolledBackAt).toBeNull();
  });

  it('a rollback halts the promotion: later stages are not expected', () => {
    const { canary, summary } = canaryOf([
      routerState(0, 90, 10),
      routerState(5, 75, 25),
      routerState(8, 100, 0, 'green errors'),
    ]);
    expect(canary.stages.map((s) => s.status)).toEqual(['on-time', 'on-time', 'halted', 'halted']);
    expect(canary.verdict).toBe('pass');
    expect(summary.reasons.filter((r) => r.startsWith('canary'))).toEqual([]);
  });

  it('a promotion that goes on after a rollback fails', () => {
    const { canary, summary } = canaryOf([
      routerState(0, 90, 10),
      routerState(5, 75, 25),
      routerState(8, 100, 0),
      routerState(10, 50, 50),
    ]);
    expect(canary.stages[2]!.status).toBe('reached-after-rollback');
    expect(canary.verdict).toBe('fail');
    expect(summary.reasons).toContain('canary stage 3 (green 50 %) reached-after-rollback');
  });

  it('a stage reached too late is off schedule; a stage never reached is missing', () => {
    const { canary } = canaryOf([routerState(0, 90, 10), routerState(9, 75, 25)]);
    expect(canary.stages.map((s) => s.status)).toEqual(['on-time', 'off-schedule', 'missing', 'missing']);
    expect(canary.verdict).toBe('fail');
  });

  it('stages due after the run ended are not due', () => {
    const { canary } = canaryOf([routerState(0, 90, 10), routerState(5, 75, 25), routerState(10, 50, 50)], 12);
    expect(canary.stages.map((s) => s.status)).toEqual(['on-time', 'on-time', 'on-time', 'not-due']);
    expect(canary.verdict).toBe('pass');
  });

  it('a router that does not start at the first stage fails it', () => {
    const { canary } = canaryOf([routerState(0, 50, 50)]);
    expect(canary.stages[0]!.status).toBe('missing');
  });
});
