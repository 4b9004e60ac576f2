import { describe, expect, it } from 'vitest';
import { SimulatedVram } from '../../../src/reference/service/vram.js';

describe('SimulatedVram', () => {
  const knobs = { vramGiB: 2, weightsGiB: 1, leakMiBPerSecond: 10 };

  it('carves the KV budget from VRAM minus weights, pressure and the leak so far', () => {
    let now = 0;
    const vram = new SimulatedVram(knobs, () => now);
    expect(vram.state()).toEqual({ totalMiB: 2048, weightsMiB: 1024, pressureMiB: 0, leakedMiB: 0, kvBudgetMiB: 1024 });
    now = 3000;
    vram.setPressureMiB(100);
    expect(vram.state()).toMatchObject({ leakedMiB: 30, pressureMiB: 100, kvBudgetMiB: 894 });
  });

  it('keeps the leak so far when the leak rate changes, and never goes below zero', () => {
    let now = 0;
    const vram = new SimulatedVram(knobs, () => now);
    now = 2000;
    vram.configure({ ...knobs, leakMiBPerSecond: 100 });
    now = 3000;
    expect(vram.leakedMiB()).toBe(120);
    now = 60_000;
    expect(vram.kvBudgetMiB()).toBe(0);
  });
});
