import { describe, expect, it } from 'vitest';
import { createHistogram, encodeHistogram, recordAllMs, recordMs } from '../../src/journal/histogram.js';
import { Random } from '../../src/util/random.js';

describe('recordAllMs', () => {
  it('records exactly what recording each value does, runs of equal values included', () => {
    const random = new Random(4);
    const values = [
      ...Array<number>(40).fill(0),
      20.0004,
      20.0001,
      19.9996,
      ...Array.from({ length: 300 }, () => (random.chance(0.5) ? 0 : random.next() * 30)),
      0.0004,
      0.0006,
    ];
    const one = createHistogram();
    for (const value of values) recordMs(one, value);
    const all = createHistogram();
    recordAllMs(all, values);
    expect(all.totalCount).toBe(values.length);
    expect(encodeHistogram(all)).toBe(encodeHistogram(one));
  });
});
