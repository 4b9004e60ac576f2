import type { BucketEvent, JournalSink } from '../../../../journal/events.js';
import { encodeHistogram, mergeEncoded } from '../../../../journal/histogram.js';
import type { ObservedColour } from '../../../../shared/colour.js';

const COLOUR_ORDER: readonly ObservedColour[] = ['blue', 'green', 'unknown'];
const HISTOGRAMS = ['latency', 'ttft', 'itl', 'scheduleLag', 'tpot'] as const;

/**
 * Merges the per-second buckets of several workers into one bucket per colour and second, as a
 * single engine writes them: counts added, histograms merged. A second is written once every
 * worker has said its buckets up to there are complete.
 */
export class BucketMerger {
  private readonly open = new Map<number, Map<ObservedColour, BucketEvent>>();
  private readonly completeBefore: number[];
  private written = -Infinity;

  constructor(
    private readonly journal: JournalSink,
    workers: number,
  ) {
    this.completeBefore = Array.from({ length: workers }, () => -Infinity);
  }

  add(bucket: BucketEvent): void {
    let byColour = this.open.get(bucket.t);
    if (!byColour) this.open.set(bucket.t, (byColour = new Map()));
    const held = byColour.get(bucket.colour);
    byColour.set(bucket.colour, held ? mergeBuckets(held, bucket) : bucket);
  }

  /** Worker `worker` has sent every bucket of the seconds starting before `t`; writes what all have. */
  complete(worker: number, t: number): void {
    this.completeBefore[worker] = t;
    this.writeBefore(Math.min(...this.completeBefore));
  }

  /** Writes everything held (every worker has ended). */
  flushAll(): void {
    this.writeBefore(Infinity);
  }

  private writeBefore(t: number): void {
    if (t <= this.written) return;
    this.written = t;
    for (const second of [...this.open.keys()].filter((key) => key < t).sort((a, b) => a - b)) {
      const byColour = this.open.get(second) as Map<ObservedColour, BucketEvent>;
      this.open.delete(second);
      for (const colour of COLOUR_ORDER) {
        const bucket = byColour.get(colour);
        if (bucket) this.journal.append(bucket);
      }
    }
  }
}

/** Two workers' buckets of the same second and colour as one. */
export function mergeBuckets(a: BucketEvent, b: BucketEvent): BucketEvent {
  const outcomes = { ...a.outcomes };
  for (const [outcome, count] of Object.entries(b.outcomes)) outcomes[outcome] = (outcomes[outcome] ?? 0) + count;
  const merged: BucketEvent = {
    ...a,
    requests: a.requests + b.requests,
    errors: a.errors + b.errors,
    outcomes,
    dropped: a.dropped + b.dropped,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
  };
  for (const name of HISTOGRAMS) {
    const both = [a[name] ?? '', b[name] ?? ''];
    merged[name] = both.every((encoded) => encoded === '') ? '' : encodeHistogram(mergeEncoded(both));
  }
  for (const name of ['good', 'outputTokensFromUsage', 'outputTokensFromChunks'] as const) {
    if (a[name] !== undefined || b[name] !== undefined) merged[name] = (a[name] ?? 0) + (b[name] ?? 0);
  }
  return merged;
}
