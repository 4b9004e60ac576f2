import { describe, expect, it } from 'vitest';
import { RollbackController } from '../../../src/reference/router/controller.js';
import { ObservationWindow } from '../../../src/reference/router/observation-window.js';
import { controllerRuleSchema } from '../../../src/reference/router/options.js';
import { TrafficTable } from '../../../src/reference/router/traffic.js';

describe('rollback controller: a rule whose action sets weights', () => {
  it('sets the action weights instead of sending all traffic to switchTo', () => {
    const now = 1_700_000_000_000;
    const windows = { blue: new ObservationWindow(10_000), green: new ObservationWindow(10_000) };
    const traffic = new TrafficTable({ blue: 50, green: 50 }, () => now);
    const rule = controllerRuleSchema.parse({
      name: 'shrink green',
      colour: 'green',
      metric: 'error-rate',
      above: 0.1,
      window: '1s',
      minRequests: 5,
      switchTo: 'blue',
      action: { weights: { blue: 90, green: 10 } },
    });
    const controller = new RollbackController(
      [rule],
      (colour, windowMs, at) => windows[colour].view(windowMs, at),
      traffic,
    );
    // Counts without latencies, as the HAProxy controller records them.
    windows.green.recordCounts(now, 20, 10);
    const made = controller.evaluate(now);
    expect(made.map((record) => record.to)).toEqual([{ blue: 90, green: 10 }]);
    expect(traffic.current).toEqual({ blue: 90, green: 10 });
    expect(controller.evaluate(now + 100)).toEqual([]);
  });
});
