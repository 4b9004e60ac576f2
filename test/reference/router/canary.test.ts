import { describe, expect, it } from 'vitest';
import { CanaryPromotion } from '../../../src/reference/router/canary.js';
import { TrafficTable } from '../../../src/reference/router/traffic.js';

describe('canary promotion (reference controller)', () => {
  it('promotes green stage by stage on schedule', () => {
    let now = 1_000_000;
    const traffic = new TrafficTable({ blue: 90, green: 10 }, () => now);
    const promotion = new CanaryPromotion([10, 25, 50, 100], 20_000, traffic, now);
    const greenAt = (offset: number): number => {
      now = 1_000_000 + offset;
      promotion.tick(now);
      return traffic.current.green;
    };
    expect(greenAt(19_900)).toBe(10);
    expect(greenAt(20_000)).toBe(25);
    expect(greenAt(39_000)).toBe(25);
    expect(greenAt(40_100)).toBe(50);
    expect(greenAt(60_000)).toBe(100);
    expect(greenAt(200_000)).toBe(100);
    expect(traffic.switches.map((s) => s.reason)).toEqual([
      'canary: green promoted to 25 % (stage 2 of 4)',
      'canary: green promoted to 50 % (stage 3 of 4)',
      'canary: green promoted to 100 % (stage 4 of 4)',
    ]);
  });

  it('halts for good once the split is not the current stage (a rollback)', () => {
    let now = 0;
    const traffic = new TrafficTable({ blue: 90, green: 10 }, () => now);
    const promotion = new CanaryPromotion([10, 25, 50], 1000, traffic, 0);
    now = 1000;
    promotion.tick(now);
    traffic.set({ blue: 100, green: 0 }, 'green errors', 'controller');
    for (now = 2000; now <= 5000; now += 500) promotion.tick(now);
    expect(traffic.current).toEqual({ blue: 100, green: 0 });
  });
});
