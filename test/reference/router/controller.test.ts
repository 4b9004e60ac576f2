import { describe, expect, it } from 'vitest';
import { RollbackController, observedValue } from '../../../src/reference/router/controller.js';
import { ObservationWindow } from '../../../src/reference/router/observation-window.js';
import { controllerRuleSchema } from '../../../src/reference/router/options.js';
import type { ControllerRule } from '../../../src/reference/router/options.js';
import { TrafficTable } from '../../../src/reference/router/traffic.js';
import type { Colour } from '../../../src/shared/colour.js';
import type { ConditionInput } from '../../../src/shared/condition.js';

const T0 = 1_700_000_000_000;

function rule(input: Partial<ConditionInput> & { name: string; switchTo: Colour }): ControllerRule {
  return controllerRuleSchema.parse({
    colour: 'green',
    metric: 'error-rate',
    above: 0.1,
    window: '1s',
    minRequests: 5,
    ...input,
  });
}

/** A controller over real windows and a real traffic table, on a clock the test moves by hand. */
function harness(rules: ControllerRule[]) {
  let now = T0;
  const windows = { blue: new ObservationWindow(10_000), green: new ObservationWindow(10_000) };
  const traffic = new TrafficTable({ blue: 50, green: 50 }, () => now);
  const controller = new RollbackController(
    rules,
    (colour, windowMs, at) => windows[colour].view(windowMs, at),
    traffic,
  );
  return {
    windows,
    traffic,
    /** Records `count` requests of `colour` at the current time, `errors` of them failed. */
    requests(colour: Colour, count: number, errors: number, latencyMs = 10): void {
      for (let i = 0; i < count; i++) windows[colour].recordRequest(now, { error: i < errors, latencyMs });
    },
    tick(advanceMs: number) {
      now += advanceMs;
      return controller.evaluate(now);
    },
  };
}

describe('RollbackController', () => {
  it('fires once the breach has held for `for`, stamping the switch at that moment', () => {
    const h = harness([rule({ name: 'errors', switchTo: 'blue', for: '300ms' })]);
    h.requests('green', 10, 5);
    expect(h.tick(0)).toEqual([]);
    h.requests('green', 10, 5);
    expect(h.tick(200)).toEqual([]);
    const [record] = h.tick(100);

    expect(record).toEqual({
      at: T0 + 300,
      from: { blue: 50, green: 50 },
      to: { blue: 100, green: 0 },
      reason: 'errors: green error rate > 10 % over 1s for 0.3s (observed 50.0 %)',
      by: 'controller',
    });
    expect(h.traffic.current).toEqual({ blue: 100, green: 0 });
  });

  it('restarts the `for` clock when the breach lapses', () => {
    const h = harness([rule({ name: 'errors', switchTo: 'blue', window: '200ms', for: '300ms' })]);
    h.requests('green', 10, 5);
    h.tick(0);
    h.tick(250); // the window no longer holds the errors: the breach is over
    const fired: number[] = [];
    for (let step = 0; step < 4; step++) {
      h.requests('green', 10, 5);
      fired.push(h.tick(100).length);
    }
    // The breach restarts at the first of these ticks and holds 300 ms at the fourth.
    expect(fired).toEqual([0, 0, 0, 1]);
  });

  it('ignores windows with fewer than minRequests requests', () => {
    const h = harness([rule({ name: 'errors', switchTo: 'blue', minRequests: 20 })]);
    h.requests('green', 19, 19);
    expect(h.tick(0)).toEqual([]);
    h.requests('green', 1, 1);
    expect(h.tick(10)).toHaveLength(1);
  });

  it('judges latency and ttft at the rule percentile, reporting milliseconds', () => {
    const h = harness([rule({ name: 'slow', switchTo: 'blue', metric: 'latency', percentile: 90, above: 500 })]);
    h.requests('green', 8, 0, 100);
    h.requests('green', 2, 0, 2000);
    const [record] = h.tick(0);

    expect(record?.reason).toMatch(/^slow: green latency p90 > 500 ms over 1s \(observed 20\d\d ms\)$/);
  });

  it('does not flap: a fired rule waits for an admin change before firing again', () => {
    const h = harness([
      rule({ name: 'green-bad', switchTo: 'blue' }),
      rule({ name: 'blue-bad', colour: 'blue', switchTo: 'green' }),
    ]);
    h.requests('green', 10, 10);
    h.requests('blue', 10, 10);
    expect(h.tick(0).map((record) => record.reason.split(':')[0])).toEqual(['green-bad', 'blue-bad']);

    h.requests('green', 10, 10);
    h.requests('blue', 10, 10);
    expect(h.tick(100)).toEqual([]);

    h.traffic.set({ blue: 50, green: 50 }, 'try again', 'admin');
    expect(h.tick(100).map((record) => record.reason.split(':')[0])).toEqual(['green-bad', 'blue-bad']);
  });

  it('records nothing when traffic already sits where the rule would send it', () => {
    const h = harness([
      rule({ name: 'health', metric: 'health-failures', above: 0.5, minRequests: 2, switchTo: 'blue' }),
    ]);
    h.traffic.set({ blue: 100, green: 0 }, 'manual', 'admin');
    h.windows.green.recordHealthCheck(T0, false);
    h.windows.green.recordHealthCheck(T0, false);

    expect(h.tick(0)).toEqual([]);
    expect(h.traffic.switches).toHaveLength(1);
  });

  it('reads health-failures from health checks, not requests', () => {
    const condition = rule({ name: 'health', metric: 'health-failures', above: 0.5, minRequests: 3, switchTo: 'blue' });
    const window = new ObservationWindow(10_000);
    window.recordRequest(T0, { error: false, latencyMs: 1 });
    window.recordHealthCheck(T0, false);
    window.recordHealthCheck(T0, false);
    expect(observedValue(condition, window.view(1000, T0))).toBeUndefined();
    window.recordHealthCheck(T0, true);
    expect(observedValue(condition, window.view(1000, T0))).toBeCloseTo(2 / 3);
  });
});
