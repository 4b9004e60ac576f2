import type { ReferenceKnobs } from '../../shared/reference-knobs.js';

const MIB_PER_GIB = 1024;

export type VramKnobs = Pick<ReferenceKnobs, 'vramGiB' | 'weightsGiB' | 'leakMiBPerSecond'>;

export interface VramState {
  totalMiB: number;
  weightsMiB: number;
  pressureMiB: number;
  leakedMiB: number;
  kvBudgetMiB: number;
}

/**
 * The simulated GPU memory: what the weights, outside pressure and the leak leave over is the
 * KV-cache budget. `now` is a millisecond clock, injectable so the leak can be tested exactly.
 */
export class SimulatedVram {
  private knobs: VramKnobs;
  private pressureMiB = 0;
  /** Leak accumulated before `leakSince`, at the leak rates in force back then. */
  private leakedBeforeMiB = 0;
  private leakSince: number;

  constructor(
    knobs: VramKnobs,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.knobs = knobs;
    this.leakSince = now();
  }

  configure(knobs: VramKnobs): void {
    this.leakedBeforeMiB = this.leakedMiB();
    this.leakSince = this.now();
    this.knobs = knobs;
  }

  setPressureMiB(mib: number): void {
    this.pressureMiB = mib;
  }

  totalMiB(): number {
    return this.knobs.vramGiB * MIB_PER_GIB;
  }

  leakedMiB(): number {
    return this.leakedBeforeMiB + (this.knobs.leakMiBPerSecond * (this.now() - this.leakSince)) / 1000;
  }

  kvBudgetMiB(): number {
    return this.state().kvBudgetMiB;
  }

  state(): VramState {
    const totalMiB = this.totalMiB();
    const weightsMiB = this.knobs.weightsGiB * MIB_PER_GIB;
    const leakedMiB = this.leakedMiB();
    const kvBudgetMiB = Math.max(0, totalMiB - weightsMiB - this.pressureMiB - leakedMiB);
    return { totalMiB, weightsMiB, pressureMiB: this.pressureMiB, leakedMiB, kvBudgetMiB };
  }
}
