import type { ReferenceKnobs } from '../../shared/reference-knobs.js';
import { Random } from '../../util/random.js';
import { failure, type FailureKind, type ServiceFailure } from './failures.js';
import { TokenText } from './tokens.js';
import type { SimulatedVram } from './vram.js';

export interface SequenceSpec {
  promptTokens: number;
  /** 0 for embeddings: the sequence ends after prefill. */
  outputTokens: number;
}

/** Milliseconds on the scheduler's clock (performance.now()). */
export interface SequenceTiming {
  arrivedAt: number;
  admittedAt: number;
  prefilledAt: number;
  firstTokenAt: number | undefined;
  finishedAt: number;
}

/** Callbacks of one accepted sequence; exactly one of onFinished / onFailed ends it. */
export interface SequenceListener {
  /** The KV reservation was granted and prefill starts. */
  onAdmitted(): void;
  onToken(text: string): void;
  onFinished(timing: SequenceTiming): void;
  onFailed(failure: ServiceFailure): void;
}

export interface SequenceHandle {
  /** Frees the sequence's queue slot or reservation at once (client went away); idempotent. */
  cancel(): void;
}

export type Submission = { accepted: true; handle: SequenceHandle } | { accepted: false; failure: ServiceFailure };

export interface SchedulerObserver {
  tokenGenerated(): void;
  sequenceFailed(kind: FailureKind): void;
}

export interface SchedulerSnapshot {
  running: number;
  queued: number;
  kvUsedMiB: number;
}

type Phase = 'queued' | 'prefill' | 'decoding' | 'done';
type Admission = 'admit' | 'queue' | 'reject' | 'never-fits';

interface Sequence {
  readonly spec: SequenceSpec;
  readonly reservationMiB: number;
  readonly listener: SequenceListener;
  readonly text: TokenText;
  phase: Phase;
  generated: number;
  /** A failure injected half-way through generation (midStreamErrorRate, streamCutRate). */
  failsMidWay: 'mid-stream' | 'cut' | undefined;
  /** The queue-timeout timer while queued, the prefill timer during prefill. */
  timer: NodeJS.Timeout | undefined;
  arrivedAt: number;
  admittedAt: number;
  prefilledAt: number;
  firstTokenAt: number | undefined;
}

/**
 * The simulated inference engine. Admission is FIFO against the KV-cache budget and maxBatch.
 * Prefill runs per sequence; decode is continuous batching as in vLLM: one step timer for the
 * whole batch, each step yields one token for every sequence that was decoding when it began,
 * and its length follows that batch size. A sequence that finishes prefill joins at the next step.
 * When the budget shrinks below what running sequences hold, the most recently admitted ones are
 * preempted (vLLM's policy) and fail.
 */
export class Scheduler {
  private knobs: ReferenceKnobs;
  private errorRandom: Random;
  private textRandom: Random;
  private nextId = 0;
  private readonly queue: Sequence[] = [];
  /** Admitted sequences in admission order (Set keeps insertion order). */
  private readonly running = new Set<Sequence>();
  private readonly decoding = new Set<Sequence>();
  private kvUsedMiB = 0;
  private stepTimer: NodeJS.Timeout | undefined;

  constructor(
    knobs: ReferenceKnobs,
    private readonly vram: SimulatedVram,
    private readonly observer: SchedulerObserver,
  ) {
    this.knobs = knobs;
    this.errorRandom = new Random(knobs.seed).stream('errors');
    this.textRandom = new Random(knobs.seed).stream('text');
  }

  configure(knobs: ReferenceKnobs): void {
    if (knobs.seed !== this.knobs.seed) {
      this.errorRandom = new Random(knobs.seed).stream('errors');
      this.textRandom = new Random(knobs.seed).stream('text');
    }
    this.knobs = knobs;
    this.rebalance();
  }

  /** Re-checks running sequences against the (possibly shrunk) budget and admits what now fits. */
  rebalance(): void {
    this.preemptOverBudget();
    this.admitQueued();
  }

  /** True when a request of this size would be admitted or queued now rather than refused. */
  accepts(spec: SequenceSpec): boolean {
    const admission = this.admission(this.reservationMiB(spec));
    return admission === 'admit' || admission === 'queue';
  }

  submit(spec: SequenceSpec, listener: SequenceListener): Submission {
    const id = ++this.nextId;
    if (this.errorRandom.chance(this.knobs.errorRate)) {
      return this.refuse('injected', `simulated failure (errorRate ${this.knobs.errorRate})`);
    }
    const reservationMiB = this.reservationMiB(spec);
    const admission = this.admission(reservationMiB);
    if (admission === 'never-fits') return this.refuse('oom', this.describeNeverFits(reservationMiB));
    if (admission === 'reject') return this.refuse('queue-full', `${this.queue.length} requests already waiting`);

    const sequence: Sequence = {
      spec,
      reservationMiB,
      listener,
      text: new TokenText(this.textRandom.stream(String(id))),
      phase: 'queued',
      generated: 0,
      failsMidWay: this.midWayFailure(),
      timer: undefined,
      arrivedAt: performance.now(),
      admittedAt: 0,
      prefilledAt: 0,
      firstTokenAt: undefined,
    };
    if (admission === 'admit') {
      this.start(sequence);
    } else {
      this.queue.push(sequence);
      const timeoutMs = this.knobs.queueTimeoutMs;
      sequence.timer = setTimeout(() => this.expire(sequence, timeoutMs), timeoutMs);
    }
    return { accepted: true, handle: { cancel: () => this.cancel(sequence) } };
  }

  snapshot(): SchedulerSnapshot {
    return {
      running: this.running.size,
      queued: this.queue.length,
      kvUsedMiB: this.kvUsedMiB,
    };
  }

  /** Clears every timer; sequences still alive are dropped without callbacks. */
  stop(): void {
    clearTimeout(this.stepTimer);
    this.stepTimer = undefined;
    for (const sequence of [...this.queue, ...this.running]) {
      clearTimeout(sequence.timer);
      sequence.phase = 'done';
    }
    this.queue.length = 0;
    this.running.clear();
    this.decoding.clear();
    this.kvUsedMiB = 0;
  }

  /** Draws only when a knob is set, so runs without them see the same error stream as before. */
  private midWayFailure(): 'mid-stream' | 'cut' | undefined {
    const { midStreamErrorRate, streamCutRate } = this.knobs;
    if (midStreamErrorRate > 0 && this.errorRandom.chance(midStreamErrorRate)) return 'mid-stream';
    if (streamCutRate > 0 && this.errorRandom.chance(streamCutRate)) return 'cut';
    return undefined;
  }

  private reservationMiB(spec: SequenceSpec): number {
    return (spec.promptTokens + spec.outputTokens) * this.knobs.kvMiBPerToken;
  }

  private admission(reservationMiB: number): Admission {
    const budget = this.vram.kvBudgetMiB();
    if (reservationMiB > budget) return 'never-fits';
    if (this.queue.length === 0 && this.fitsNow(reservationMiB, budget)) return 'admit';
    return this.queue.length >= this.knobs.maxQueue ? 'reject' : 'queue';
  }

  private fitsNow(reservationMiB: number, budget: number): boolean {
    return this.running.size < this.knobs.maxBatch && this.kvUsedMiB + reservationMiB <= budget;
  }

  private describeNeverFits(reservationMiB: number): string {
    return `tried to reserve ${reservationMiB.toFixed(1)} MiB of KV cache; the budget is ${this.vram.kvBudgetMiB().toFixed(1)} MiB`;
  }

  private refuse(kind: FailureKind, detail: string): Submission {
    this.observer.sequenceFailed(kind);
    return { accepted: false, failure: failure(kind, detail) };
  }

  private start(sequence: Sequence): void {
    sequence.phase = 'prefill';
    sequence.admittedAt = performance.now();
    this.running.add(sequence);
    this.kvUsedMiB += sequence.reservationMiB;
    const prefillMs = this.knobs.prefillBaseMs + sequence.spec.promptTokens * this.knobs.prefillMsPerToken;
    sequence.timer = setTimeout(() => this.prefilled(sequence), prefillMs);
    sequence.listener.onAdmitted();
  }

  private prefilled(sequence: Sequence): void {
    sequence.timer = undefined;
    sequence.prefilledAt = performance.now();
    if (sequence.spec.outputTokens === 0) {
      this.finish(sequence);
      this.admitQueued();
      return;
    }
    sequence.phase = 'decoding';
    this.decoding.add(sequence);
    if (this.stepTimer === undefined) this.scheduleStep(performance.now());
  }

  /** Per-token decode time for a batch of this many sequences. */
  private tokenMs(batchSize: number): number {
    const { decodeMsPerToken, decodeSlowdown, batchSlowdown } = this.knobs;
    return decodeMsPerToken * decodeSlowdown * (1 + batchSlowdown * Math.max(0, batchSize - 1));
  }

  private scheduleStep(startAt: number): void {
    const batch = [...this.decoding];
    const stepMs = this.tokenMs(batch.length);
    const endAt = startAt + stepMs;
    this.stepTimer = setTimeout(() => this.completeStep(batch, endAt, stepMs), endAt - performance.now());
  }

  private completeStep(batch: readonly Sequence[], endAt: number, stepMs: number): void {
    this.stepTimer = undefined;
    const now = performance.now();
    for (const sequence of batch) {
      if (sequence.phase !== 'decoding') continue;
      sequence.firstTokenAt ??= now;
      sequence.generated++;
      this.observer.tokenGenerated();
      sequence.listener.onToken(sequence.text.next());
      if (sequence.failsMidWay && sequence.generated >= Math.ceil(sequence.spec.outputTokens / 2)) {
        this.fail(
          sequence,
          sequence.failsMidWay,
          `after ${sequence.generated} of ${sequence.spec.outputTokens} tokens`,
        );
      } else if (sequence.generated >= sequence.spec.outputTokens) this.finish(sequence);
    }
    // The leak shrinks the budget as time passes; each step is where the engine notices.
    this.rebalance();
    if (this.decoding.size === 0) return;
    // Keep the step cadence despite timer lateness, but do not burst to catch up after a stall.
    this.scheduleStep(now - endAt > stepMs ? now : endAt);
  }

  private finish(sequence: Sequence): void {
    this.release(sequence);
    sequence.listener.onFinished({
      arrivedAt: sequence.arrivedAt,
      admittedAt: sequence.admittedAt,
      prefilledAt: sequence.prefilledAt,
      firstTokenAt: sequence.firstTokenAt,
      finishedAt: performance.now(),
    });
  }

  private release(sequence: Sequence): void {
    clearTimeout(sequence.timer);
    sequence.timer = undefined;
    if (sequence.phase === 'queued') {
      const at = this.queue.indexOf(sequence);
      if (at >= 0) this.queue.splice(at, 1);
    } else if (this.running.delete(sequence)) {
      this.decoding.delete(sequence);
      this.kvUsedMiB -= sequence.reservationMiB;
      if (this.running.size === 0) this.kvUsedMiB = 0; // no float residue once idle
    }
    sequence.phase = 'done';
  }

  private fail(sequence: Sequence, kind: FailureKind, detail: string): void {
    this.release(sequence);
    this.observer.sequenceFailed(kind);
    sequence.listener.onFailed(failure(kind, detail));
  }

  private cancel(sequence: Sequence): void {
    if (sequence.phase === 'done') return;
    this.release(sequence);
    this.admitQueued();
  }

  private expire(sequence: Sequence, timeoutMs: number): void {
    this.fail(sequence, 'queue-timeout', `waited ${timeoutMs} ms`);
    this.admitQueued();
  }

  private preemptOverBudget(): void {
    const budget = this.vram.kvBudgetMiB();
    if (this.kvUsedMiB <= budget) return;
    for (const sequence of [...this.running].reverse()) {
      if (this.kvUsedMiB <= budget) break;
      this.fail(
        sequence,
        'preempted',
        `KV cache shrank to ${budget.toFixed(1)} MiB; ${sequence.generated} of ${sequence.spec.outputTokens} tokens generated`,
      );
    }
  }

  private admitQueued(): void {
    for (let head = this.queue[0]; head !== undefined; head = this.queue[0]) {
      const budget = this.vram.kvBudgetMiB();
      if (head.reservationMiB > budget) {
        this.fail(head, 'oom', this.describeNeverFits(head.reservationMiB));
        continue;
      }
      if (!this.fitsNow(head.reservationMiB, budget)) return;
      this.queue.shift();
      clearTimeout(head.timer);
      this.start(head);
    }
  }
}
