import { describe, expect, it } from 'vitest';
import { parseGpuMemoryCsv } from '../../../src/faults/gpu/nvidia-smi.js';

describe('nvidia-smi memory csv', () => {
  it('reads used and total MiB from the first row', () => {
    expect(parseGpuMemoryCsv('memory.used [MiB], memory.total [MiB]\n812 MiB, 81559 MiB\n')).toEqual({
      usedMiB: 812,
      totalMiB: 81559,
    });
  });

  it('says what it got when there is no reading', () => {
    expect(() => parseGpuMemoryCsv('No devices were found\n')).toThrow(
      /nvidia-smi printed no memory reading: No devices were found/,
    );
  });
});
