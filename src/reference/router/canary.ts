import { stageWeights } from '../../shared/canary.js';
import type { TrafficControl } from './traffic.js';
import { sameWeights } from './traffic.js';

/**
 * Follows a staged canary plan on a router's split: at `startAt + k × everyMs` green is promoted
 * to stage k. When the split is no longer the current stage's (a rollback rule fired, or an
 * operator changed it), the promotion halts for good.
 */
export class CanaryPromotion {
  private stage = 0;
  private halted = false;

  constructor(
    private readonly stages: readonly number[],
    private readonly everyMs: number,
    private readonly traffic: TrafficControl,
    private readonly startAt: number,
  ) {}

  tick(now: number): void {
    if (this.halted || this.stage >= this.stages.length - 1) return;
    if (!sameWeights(this.traffic.current, stageWeights(this.stages[this.stage] ?? 0))) {
      this.halted = true;
      return;
    }
    const due = Math.min(this.stages.length - 1, Math.floor((now - this.startAt) / this.everyMs));
    if (due <= this.stage) return;
    this.stage++;
    const percent = this.stages[this.stage] ?? 0;
    this.traffic.set(
      stageWeights(percent),
      `canary: green promoted to ${percent} % (stage ${this.stage + 1} of ${this.stages.length})`,
      'controller',
    );
  }
}
