import { InputError } from '../../errors.js';
import type { Colour } from '../../shared/colour.js';
import { referenceKnobsSchema, type ReferenceKnobs } from '../../shared/reference-knobs.js';
import { ServiceMetrics, type ServiceCounters } from './metrics.js';
import { Scheduler, type SequenceSpec } from './scheduler.js';
import { DEFAULT_OUTPUT_TOKENS } from './tokens.js';
import { parseOrThrow } from './validation.js';
import { SimulatedVram, type VramState } from './vram.js';

/** What /ready checks room for: 64 prompt words and the default output length. */
const READINESS_PROBE: SequenceSpec = { promptTokens: 64, outputTokens: DEFAULT_OUTPUT_TOKENS };

/** The body of the admin endpoints (`GET /admin/state` and the answers of the changes). */
export interface ServiceState {
  colour: Colour;
  knobs: ReferenceKnobs;
  vram: VramState & { kvUsedMiB: number };
  running: number;
  queued: number;
  counters: ServiceCounters;
}

/** One colour's simulated AI service: knobs, VRAM, scheduler and metrics, without the HTTP. */
export class ReferenceService {
  private currentKnobs: ReferenceKnobs;
  readonly vram: SimulatedVram;
  readonly scheduler: Scheduler;
  readonly metrics: ServiceMetrics;
  /** Unix seconds, as OpenAI's `created`. */
  readonly startedAt = Math.floor(Date.now() / 1000);

  constructor(
    readonly colour: Colour,
    knobs: ReferenceKnobs,
  ) {
    this.currentKnobs = knobs;
    this.vram = new SimulatedVram(knobs);
    this.metrics = new ServiceMetrics(colour, knobs.model, () => {
      const vram = this.vram.state();
      const scheduler = this.scheduler.snapshot();
      return {
        queued: scheduler.queued,
        running: scheduler.running,
        kvUsedMiB: scheduler.kvUsedMiB,
        kvBudgetMiB: vram.kvBudgetMiB,
        pressureMiB: vram.pressureMiB,
      };
    });
    this.scheduler = new Scheduler(knobs, this.vram, this.metrics);
  }

  get knobs(): ReferenceKnobs {
    return this.currentKnobs;
  }

  state(): ServiceState {
    const scheduler = this.scheduler.snapshot();
    return {
      colour: this.colour,
      knobs: this.currentKnobs,
      vram: { ...this.vram.state(), kvUsedMiB: scheduler.kvUsedMiB },
      running: scheduler.running,
      queued: scheduler.queued,
      counters: { ...this.metrics.counters },
    };
  }

  /** Ready while the KV budget holds a default request and such a request would not get a 429. */
  ready(): boolean {
    return this.scheduler.accepts(READINESS_PROBE);
  }

  /** Sets the simulated outside pressure; running sequences that no longer fit are preempted. */
  setPressureMiB(mib: number): void {
    this.vram.setPressureMiB(mib);
    this.scheduler.rebalance();
  }

  /** Applies a partial knobs object on top of the current knobs; throws an InputError when invalid. */
  patchKnobs(patch: unknown): void {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
      throw new InputError('knobs: expected an object with the knobs to change');
    }
    const knobs = parseOrThrow(referenceKnobsSchema, { ...this.currentKnobs, ...patch }, 'knobs');
    this.currentKnobs = knobs;
    this.vram.configure(knobs);
    this.scheduler.configure(knobs);
  }

  stop(): void {
    this.scheduler.stop();
  }
}
