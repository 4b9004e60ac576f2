import { describe, expect, it } from 'vitest';
import { describeLimits, restoreUpdates, squeezeUpdate } from '../../../src/faults/docker/limits.js';

const HOST = 24 * 1024 ** 3;
const none = { cpuQuota: 0, cpuPeriod: 0, memory: 0, memorySwap: 0 };

describe('container limits', () => {
  it('squeezes CPU as a quota of the default period and memory with swap included', () => {
    expect(squeezeUpdate(0.25, 128)).toEqual({
      CpuPeriod: 100_000,
      CpuQuota: 25_000,
      Memory: 128 << 20,
      MemorySwap: 128 << 20,
    });
    expect(squeezeUpdate(0.001, undefined)).toEqual({ CpuPeriod: 100_000, CpuQuota: 1000 });
  });

  it('lifts limits that were not there with the kernel spellings of "no limit", memory before swap', () => {
    expect(restoreUpdates(none, { cpu: true, memory: true }, HOST)).toEqual([
      { CpuQuota: -1, CpuPeriod: 100_000 },
      { Memory: HOST, MemorySwap: HOST },
      { Memory: HOST, MemorySwap: -1 },
    ]);
  });

  it('puts back limits that were there, and touches only what the fault squeezed', () => {
    const previous = { cpuQuota: 150_000, cpuPeriod: 100_000, memory: 512 << 20, memorySwap: 1024 << 20 };
    expect(restoreUpdates(previous, { cpu: false, memory: true }, HOST)).toEqual([
      { Memory: 512 << 20, MemorySwap: 1024 << 20 },
    ]);
    expect(restoreUpdates(previous, { cpu: true, memory: false }, HOST)).toEqual([
      { CpuQuota: 150_000, CpuPeriod: 100_000 },
    ]);
  });

  it('counts a quota or a memory limit below the host memory as left behind, nothing else', () => {
    expect(describeLimits({ ...none, cpuQuota: -1, memory: HOST, memorySwap: -1 }, HOST)).toBeUndefined();
    expect(
      describeLimits({ cpuQuota: 20_000, cpuPeriod: 100_000, memory: 200 << 20, memorySwap: 200 << 20 }, HOST),
    ).toBe('CPU quota 20000/100000, memory limit 200 MiB');
  });
});
