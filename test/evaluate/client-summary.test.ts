import { describe, expect, it } from 'vitest';
import { CLIENT_LIMITS } from '../../src/evaluate/client-summary.js';
import { evaluateRun } from '../../src/evaluate/evaluate.js';
import type { JournalEvent, LoadClientEvent } from '../../src/journal/events.js';
import { T0, baseExperiment, journal, steady } from '../support/journal-fixture.js';

/** One second of the engine's own health, as the native engine writes it. */
function client(
  second: number,
  delayP99Ms: number,
  options: { worker?: number; cpuMs?: number } = {},
): LoadClientEvent {
  return {
    type: 'load.client',
    t: T0 + second * 1000,
    ...(options.worker !== undefined ? { worker: options.worker } : {}),
    eventLoopDelayMs: { p50: delayP99Ms / 4, p99: delayP99Ms, max: delayP99Ms * 2 },
    eventLoopUtilization: delayP99Ms > CLIENT_LIMITS.eventLoopDelayP99Ms ? 1 : 0.3,
    ...(options.cpuMs !== undefined ? { cpuMs: options.cpuMs } : {}),
  };
}

function judge(events: JournalEvent[], clientBottleneck?: 'warn' | 'fail') {
  const experiment = {
    ...baseExperiment,
    rollback: { rules: [] },
    slos: [],
    load: { ...baseExperiment.load, ...(clientBottleneck ? { clientBottleneck } : {}) },
  };
  return evaluateRun(journal(experiment, [...steady('blue', 0, 40, 100), ...events]));
}

describe('the client-bottleneck verdict input', () => {
  it('reports the client’s health and passes when it kept up', () => {
    const summary = judge(Array.from({ length: 40 }, (_, s) => client(s, s === 7 ? 30 : 2, { cpuMs: 200 })));
    expect(summary.verdict).toBe('pass');
    expect(summary.load.client).toMatchObject({
      eventLoopDelayMs: { medianSecondP99: 2, worstSecondP99: 30, max: 60 },
      cpuMs: 8000,
      cpuPerRequestUs: 2000,
      laggingSeconds: 1,
      seconds: 40,
      droppedShare: 0,
      bottleneck: false,
      reasons: [],
      onBottleneck: 'warn',
    });
  });

  it('warns, without failing, when more than 5 % of the seconds lagged', () => {
    const lagging = (s: number): boolean => s % 10 === 0;
    const summary = judge(Array.from({ length: 40 }, (_, s) => client(s, lagging(s) ? 25 : 3)));
    expect(summary.load.client?.bottleneck).toBe(true);
    expect(summary.load.client?.reasons).toEqual([
      expect.stringContaining('lagged (delay p99 above 10 ms) in 4 of 40 seconds'),
    ]);
    expect(summary.verdict).toBe('pass');
  });

  it('fails the verdict with load.clientBottleneck: fail, counting each worker’s seconds', () => {
    // The main thread's own lag does not count when workers time the requests; its CPU does.
    const events = Array.from({ length: 40 }, (_, s) => [
      client(s, 2, { worker: 0 }),
      client(s, s < 5 ? 40 : 2, { worker: 1 }),
      client(s, 50, { cpuMs: 100 }),
    ]).flat();
    const summary = judge(events, 'fail');
    expect(summary.load.client).toMatchObject({
      seconds: 80,
      laggingSeconds: 5,
      cpuMs: 4000,
      bottleneck: true,
      onBottleneck: 'fail',
    });
    expect(summary.verdict).toBe('fail');
    expect(summary.reasons).toEqual([
      expect.stringMatching(/^the load generator was the bottleneck \(load.clientBottleneck: 'fail'\): /),
    ]);
  });

  it('counts dropped arrivals above 1 % of the planned ones as the client’s shortfall', () => {
    const dropped = steady('unknown', 0, 40, 0).map((bucket) => ({ ...bucket, dropped: 2 }));
    const summary = judge([...dropped, ...Array.from({ length: 40 }, (_, s) => client(s, 1))], 'fail');
    expect(summary.load.client?.droppedShare).toBeCloseTo(80 / 4080, 4);
    expect(summary.load.client?.reasons).toEqual([expect.stringContaining('2.0 % of planned arrivals were dropped')]);
    expect(summary.verdict).toBe('fail');
  });

  it('has no client section for an engine that does not report one (k6)', () => {
    expect(judge([]).load.client).toBeUndefined();
  });
});
