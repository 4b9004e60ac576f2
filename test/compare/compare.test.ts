import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/compare/run-record.js';
import type { JournalEvent } from '../../src/journal/events.js';
import { compareRuns } from '../../src/compare/compare.js';
import type { RunComparison } from '../../src/compare/comparison.js';
import { syntheticRun } from './runs.js';

const breaking = (comparison: RunComparison) =>
  comparison.differences.filter((difference) => difference.breaksReproduction).map((difference) => difference.message);

describe('compareRuns', () => {
  it('says a run reproduces an identical one, with nothing to list', () => {
    const comparison = compareRuns(syntheticRun(), syntheticRun());
    expect(comparison.reproduced).toBe(true);
    expect(comparison.differences).toEqual([]);
    expect(comparison.arrivals.samePlan).toBe(true);
    expect(comparison.arrivals.totalA).toBe(comparison.arrivals.totalB);
    expect(comparison.rules[0]).toMatchObject({
      name: 'green errors',
      a: { verdict: 'fired-in-time', switchedAt: 14 },
      b: { verdict: 'fired-in-time', switchedAt: 14 },
    });
  });

  it('names the rollback verdict and the switch that differ when the rollback did not happen', () => {
    const comparison = compareRuns(syntheticRun(), syntheticRun({ switchAt: null }));
    expect(comparison.reproduced).toBe(false);
    const messages = breaking(comparison);
    expect(messages).toContain('the verdict differs: pass in A, fail in B');
    expect(messages).toContain('the rollback verdict of rule "green errors" differs: fired-in-time vs missed');
    expect(messages).toContain('a router switch at +14.0 s (blue 50 / green 50 → blue) is missing in run B');
  });

  it('allows timing shifts within the tolerance and names larger ones', () => {
    expect(compareRuns(syntheticRun(), syntheticRun({ switchAt: 15 })).reproduced).toBe(true);
    const late = compareRuns(syntheticRun(), syntheticRun({ switchAt: 18 }));
    expect(late.reproduced).toBe(false);
    expect(breaking(late)).toEqual(
      expect.arrayContaining([
        'rule "green errors": the switch time moved by 4 s, more than the 2 s tolerance: +14.0 s vs +18.0 s',
        'rule "green errors": the detection time moved by 4 s, more than the 2 s tolerance: 3 s vs 7 s',
        'the router switch blue 50 / green 50 → blue happened at +14.0 s in A but +18.0 s in B, more than 2 s apart',
      ]),
    );
  });

  it('holds the fault timeline to its steps and to a second', () => {
    expect(compareRuns(syntheticRun(), syntheticRun({ faultAt: [10.4, 30.6] })).reproduced).toBe(true);
    expect(breaking(compareRuns(syntheticRun(), syntheticRun({ faultAt: [12, 30] })))).toContain(
      'fault step "applied green-errors (latency on green)" happened at +10.0 s in A but +12.0 s in B, more than 1 s apart',
    );
    expect(
      breaking(compareRuns(syntheticRun(), syntheticRun({ faultDescription: 'latency 170 ms ± 30 ms' }))),
    ).toContain(
      'fault step "applied green-errors (latency on green)" did something else: latency 150 ms ± 30 ms vs latency 170 ms ± 30 ms',
    );
  });

  it('does not hold steps due at the same moment to the order they were journaled in', () => {
    const run = syntheticRun();
    const twoFaults = (first: string, second: string): RunRecord => {
      const events = run.events.flatMap((event): JournalEvent[] =>
        event.type === 'fault.reverted'
          ? [first, second].map((name) => ({ ...event, name }))
          : event.type === 'fault.applied'
            ? ['green-errors', 'green-slow'].map((name) => ({ ...event, name }))
            : [event],
      );
      return { events, summary: run.summary };
    };
    const comparison = compareRuns(twoFaults('green-errors', 'green-slow'), twoFaults('green-slow', 'green-errors'));
    expect(comparison.differences.filter((difference) => difference.aspect === 'fault')).toEqual([]);
    const missing = compareRuns(twoFaults('green-errors', 'green-slow'), run);
    expect(breaking(missing).join('\n')).toContain(
      'fault step "reverted green-slow (latency on green)" at +30.0 s is missing in run B',
    );
  });

  it('holds the planned arrival timeline exactly', () => {
    const comparison = compareRuns(syntheticRun(), syntheticRun({ plannedRps: 41 }));
    expect(comparison.arrivals.samePlan).toBe(false);
    expect(breaking(comparison)).toContain('the planned arrival timeline differs from second 0: 40 rps vs 41 rps');
  });

  it("says which latency and error differences are real, by the gate's tests", () => {
    const comparison = compareRuns(syntheticRun(), syntheticRun({ greenLatencyMs: 130, greenErrors: 16 }));
    const green = (metric: string) =>
      comparison.statistics.find((item) => item.metric === metric && item.colour === 'green')!;
    expect(green('latency')).toMatchObject({ finding: 'worse', test: 'mann-whitney-u' });
    expect(green('latency').effect).toBeCloseTo(1.3, 1);
    expect(green('error-rate')).toMatchObject({ finding: 'worse', test: 'two-proportion-z' });
    const blue = comparison.statistics.find((item) => item.metric === 'latency' && item.colour === 'blue')!;
    expect(blue.finding).toBe('no-real-difference');
    // Real differences are listed, but a replay is judged on verdicts and timelines.
    expect(comparison.differences.filter((difference) => !difference.breaksReproduction).map((d) => d.subject)).toEqual(
      expect.arrayContaining(['latency (green)', 'error-rate (green)']),
    );
  });

  it('says when there is not enough data to tell', () => {
    const comparison = compareRuns(syntheticRun(), syntheticRun(), { minSamples: 10_000 });
    expect(comparison.statistics.every((item) => item.finding === 'not-enough-data')).toBe(true);
  });
});
