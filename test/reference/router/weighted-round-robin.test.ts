import { describe, expect, it } from 'vitest';
import { WeightedRoundRobin } from '../../../src/reference/router/weighted-round-robin.js';

function picks(picker: WeightedRoundRobin, count: number): string {
  return Array.from({ length: count }, () => (picker.next() === 'blue' ? 'b' : 'g')).join('');
}

describe('WeightedRoundRobin', () => {
  it('interleaves smoothly and repeats the same cycle', () => {
    const picker = new WeightedRoundRobin({ blue: 60, green: 40 });
    expect(picks(picker, 10)).toBe('bgbgbbgbgb');
    expect(picks(picker, 10)).toBe('bgbgbbgbgb');
  });

  it.each([
    [70, 30],
    [99, 1],
    [33.5, 66.5],
  ])('is exact over a full cycle of %d/%d', (blue, green) => {
    const sequence = picks(new WeightedRoundRobin({ blue, green }), 200);
    expect(sequence.split('b').length - 1).toBe(blue * 2);
    expect(sequence.split('g').length - 1).toBe(green * 2);
  });

  it('never picks a colour with weight 0, and starts a fresh cycle on reset', () => {
    const picker = new WeightedRoundRobin({ blue: 100, green: 0 });
    expect(picks(picker, 5)).toBe('bbbbb');
    picker.reset({ blue: 0, green: 100 });
    expect(picks(picker, 5)).toBe('ggggg');
    picker.reset({ blue: 50, green: 50 });
    expect(picks(picker, 4)).toBe('bgbg');
  });
});
