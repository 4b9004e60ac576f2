import { describe, expect, it } from 'vitest';
import { startSecondTicker } from '../../../../src/load/engines/native/second-ticker.js';

describe('startSecondTicker', () => {
  it('catches up on missed seconds at once, then ticks on the second until stopped', async () => {
    const startAt = Date.now() - 2_700;
    const ticks: { index: number; at: number }[] = [];
    const ticker = startSecondTicker(startAt, Date.now, (index) => ticks.push({ index, at: Date.now() }));
    expect(ticks.map((tick) => tick.index)).toEqual([0, 1, 2]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    ticker.stop();
    expect(ticks.map((tick) => tick.index)).toEqual([0, 1, 2, 3]);
    expect(ticks[3]!.at).toBeGreaterThanOrEqual(startAt + 3_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(ticks).toHaveLength(4);
  });
});
