import type { ObservedColour } from '../shared/colour.js';
import type { BucketEvent, JournalSink } from './events.js';
import { createHistogram, encodeHistogram, recordAllMs, recordMs, type Histogram } from './histogram.js';

/** One finished request, as the engine measured it. Times are milliseconds. */
export interface RequestSample {
  /** Wall-clock time (ms since epoch) the request completed: its bucket's second. */
  completedAt: number;
  colour: ObservedColour;
  /** HTTP status ('200', '503') or error class ('timeout', 'refused', 'stream-cut', …). */
  outcome: string;
  error: boolean;
  /** Start → completion. Recorded for successful requests only, like TTFT and ITL. */
  latencyMs: number;
  ttftMs: number | undefined;
  itlMs: readonly number[];
  /** Actual start − planned start; recorded for every request. */
  scheduleLagMs: number;
  inputTokens: number;
  outputTokens: number;
  /** Who counted the output tokens: the service (usage), the engine (one per content chunk), nobody. */
  outputTokensFrom: 'usage' | 'chunks' | 'none';
}

/** Per-request objectives in ms; a successful request meeting all of them is good (goodput). */
export interface GoodRequestLimits {
  ttft?: number;
  tpot?: number;
  e2e?: number;
}

/**
 * The outcome of a request the run itself cancelled (interrupt, halt): it is listed among the
 * outcomes but counts as neither a request nor an error, since the service never failed it.
 */
export const ABORTED_OUTCOME = 'aborted';

const COLOUR_ORDER: readonly ObservedColour[] = ['blue', 'green', 'unknown'];
const SECOND_MS = 1000;

/** vLLM's time per output token: the decode time spread over the tokens after the first. */
export function timePerOutputTokenMs(sample: RequestSample): number | undefined {
  if (sample.error || sample.ttftMs === undefined || sample.outputTokens < 2) return undefined;
  return (sample.latencyMs - sample.ttftMs) / (sample.outputTokens - 1);
}

/** A non-streamed answer's first token arrives with the whole body: its TTFT is its latency. */
function isGood(sample: RequestSample, limits: GoodRequestLimits): boolean {
  if (sample.error) return false;
  const tpot = timePerOutputTokenMs(sample);
  return (
    (limits.e2e === undefined || sample.latencyMs <= limits.e2e) &&
    (limits.ttft === undefined || (sample.ttftMs ?? sample.latencyMs) <= limits.ttft) &&
    (limits.tpot === undefined || tpot === undefined || tpot <= limits.tpot)
  );
}

class BucketAccumulator {
  requests = 0;
  good = 0;
  outputTokensFromUsage = 0;
  outputTokensFromChunks = 0;
  errors = 0;
  readonly outcomes: Record<string, number> = {};
  dropped = 0;
  inputTokens = 0;
  outputTokens = 0;
  private latency: Histogram | undefined;
  private ttft: Histogram | undefined;
  private itl: Histogram | undefined;
  private scheduleLag: Histogram | undefined;
  private tpot: Histogram | undefined;

  constructor(private readonly limits: GoodRequestLimits) {}

  add(sample: RequestSample): void {
    if (sample.outcome === ABORTED_OUTCOME) {
      this.outcomes[ABORTED_OUTCOME] = (this.outcomes[ABORTED_OUTCOME] ?? 0) + 1;
      return;
    }
    this.requests++;
    if (sample.error) this.errors++;
    this.outcomes[sample.outcome] = (this.outcomes[sample.outcome] ?? 0) + 1;
    this.inputTokens += sample.inputTokens;
    this.outputTokens += sample.outputTokens;
    if (sample.outputTokensFrom === 'usage') this.outputTokensFromUsage++;
    if (sample.outputTokensFrom === 'chunks') this.outputTokensFromChunks++;
    recordMs((this.scheduleLag ??= createHistogram()), sample.scheduleLagMs);
    if (sample.error) return;
    if (isGood(sample, this.limits)) this.good++;
    const tpot = timePerOutputTokenMs(sample);
    if (tpot !== undefined) recordMs((this.tpot ??= createHistogram()), tpot);
    recordMs((this.latency ??= createHistogram()), sample.latencyMs);
    if (sample.ttftMs !== undefined) recordMs((this.ttft ??= createHistogram()), sample.ttftMs);
    if (sample.itlMs.length > 0) recordAllMs((this.itl ??= createHistogram()), sample.itlMs);
  }

  toEvent(t: number, colour: ObservedColour): BucketEvent {
    return {
      type: 'bucket',
      t,
      colour,
      requests: this.requests,
      errors: this.errors,
      outcomes: this.outcomes,
      dropped: this.dropped,
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      latency: encoded(this.latency),
      ttft: encoded(this.ttft),
      itl: encoded(this.itl),
      scheduleLag: encoded(this.scheduleLag),
      tpot: encoded(this.tpot),
      good: this.good,
      outputTokensFromUsage: this.outputTokensFromUsage,
      outputTokensFromChunks: this.outputTokensFromChunks,
    };
  }
}

function encoded(histogram: Histogram | undefined): string {
  return histogram ? encodeHistogram(histogram) : '';
}

/**
 * Accumulates request samples per (second since the run start, colour) and writes each second
 * to the journal as `bucket` events once it is over. A sample belongs to the second in which
 * its request completed, so a second is final as soon as it has ended. Only open seconds are
 * held, so memory stays flat however long the run.
 */
export class BucketRecorder {
  private readonly open = new Map<number, Map<ObservedColour, BucketAccumulator>>();
  /** Seconds before this index have been written; late samples go to the first open second. */
  private firstOpenSecond = 0;

  constructor(
    private readonly journal: JournalSink,
    private readonly startAt: number,
    private readonly goodRequest: GoodRequestLimits = {},
  ) {}

  record(sample: RequestSample): void {
    this.accumulator(sample.completedAt, sample.colour).add(sample);
  }

  /** An arrival at `plannedAt` that could not start (no free slot). */
  drop(plannedAt: number): void {
    this.accumulator(plannedAt, 'unknown').dropped++;
  }

  /** Writes every second that ended at or before `nowMs`. */
  flushUntil(nowMs: number): void {
    const endedBefore = Math.floor((nowMs - this.startAt) / SECOND_MS);
    for (let second = this.firstOpenSecond; second < endedBefore; second++) this.write(second);
    this.firstOpenSecond = Math.max(this.firstOpenSecond, endedBefore);
  }

  /** Writes everything still open (the end of the run). */
  flushAll(): void {
    for (const second of [...this.open.keys()].sort((a, b) => a - b)) {
      this.write(second);
      this.firstOpenSecond = Math.max(this.firstOpenSecond, second + 1);
    }
  }

  private write(second: number): void {
    const byColour = this.open.get(second);
    if (!byColour) return;
    this.open.delete(second);
    const t = this.startAt + second * SECOND_MS;
    for (const colour of COLOUR_ORDER) {
      const accumulator = byColour.get(colour);
      if (accumulator) this.journal.append(accumulator.toEvent(t, colour));
    }
  }

  private accumulator(atMs: number, colour: ObservedColour): BucketAccumulator {
    const second = Math.max(this.firstOpenSecond, Math.floor((atMs - this.startAt) / SECOND_MS));
    let byColour = this.open.get(second);
    if (!byColour) {
      byColour = new Map();
      this.open.set(second, byColour);
    }
    let accumulator = byColour.get(colour);
    if (!accumulator) {
      accumulator = new BucketAccumulator(this.goodRequest);
      byColour.set(colour, accumulator);
    }
    return accumulator;
  }
}
