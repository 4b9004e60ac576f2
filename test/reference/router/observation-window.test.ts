import { describe, expect, it } from 'vitest';
import { ObservationWindow } from '../../../src/reference/router/observation-window.js';

const T0 = 1_700_000_000_000;

describe('ObservationWindow', () => {
  it('sums requests, errors and health checks over the trailing window only', () => {
    const window = new ObservationWindow(10_000);
    window.recordRequest(T0, { error: true, latencyMs: 5 });
    window.recordRequest(T0 + 3_000, { error: false, latencyMs: 5 });
    window.recordRequest(T0 + 3_050, { error: true, latencyMs: 5 });
    window.recordHealthCheck(T0 + 3_000, false);
    window.recordHealthCheck(T0 + 3_500, true);

    expect(window.view(10_000, T0 + 4_000)).toMatchObject({
      requests: 3,
      errors: 2,
      healthChecks: 2,
      healthFailures: 1,
    });
    expect(window.view(2_000, T0 + 4_000)).toMatchObject({
      requests: 2,
      errors: 1,
      healthChecks: 2,
      healthFailures: 1,
    });
    expect(window.view(500, T0 + 4_000)).toMatchObject({ requests: 0, errors: 0, healthChecks: 0 });
  });

  it('computes latency and ttft percentiles over the window', () => {
    const window = new ObservationWindow(10_000);
    for (let i = 1; i <= 100; i++) {
      window.recordRequest(T0 + i * 10, { error: false, latencyMs: i * 10, ttftMs: i });
    }
    window.recordRequest(T0 + 2_000, { error: true, latencyMs: 3 });

    const view = window.view(5_000, T0 + 2_000);
    expect(view.latencyMs(50)).toBeCloseTo(500, -1);
    expect(view.latencyMs(99)).toBeCloseTo(990, -1);
    expect(view.ttftMs(99)).toBeCloseTo(99, 0);
    expect(window.view(5_000, T0 + 20_000).latencyMs(99)).toBeUndefined();
  });

  it('recycles its slices: old traffic never leaks into a later window', () => {
    const window = new ObservationWindow(1_000);
    window.recordRequest(T0, { error: true, latencyMs: 900 });
    // Exactly one ring length later, the same slot is reused for new time.
    window.recordRequest(T0 + 1_100, { error: false, latencyMs: 10 });

    const view = window.view(1_000, T0 + 1_100);
    expect(view).toMatchObject({ requests: 1, errors: 0 });
    expect(view.latencyMs(100)).toBeCloseTo(10, 0);
  });

  it('drops a record older than the ring instead of wiping newer traffic', () => {
    const window = new ObservationWindow(1_000);
    window.recordRequest(T0 + 1_100, { error: false, latencyMs: 10 });
    window.recordRequest(T0, { error: true, latencyMs: 10 });

    expect(window.view(1_000, T0 + 1_100)).toMatchObject({ requests: 1, errors: 0 });
  });

  it('caps a window longer than its span at the span', () => {
    const window = new ObservationWindow(1_000);
    window.recordRequest(T0, { error: false, latencyMs: 10 });
    window.recordRequest(T0 + 900, { error: false, latencyMs: 10 });

    expect(window.view(60_000, T0 + 1_050).requests).toBe(1);
  });
});
