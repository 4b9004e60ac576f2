import type { BucketEvent, JournalEvent, JournalSink, LoadTargetEvent } from '../../../src/journal/events.js';

/** A journal kept in memory, for asserting on what an engine or recorder wrote. */
export class MemoryJournal implements JournalSink {
  readonly events: JournalEvent[] = [];

  append(event: JournalEvent): void {
    this.events.push(event);
  }

  buckets(): BucketEvent[] {
    return this.events.filter((event): event is BucketEvent => event.type === 'bucket');
  }

  targets(): LoadTargetEvent[] {
    return this.events.filter((event): event is LoadTargetEvent => event.type === 'load.target');
  }

  /** Sum of a numeric bucket field over all buckets. */
  total(field: 'requests' | 'errors' | 'dropped' | 'inputTokens' | 'outputTokens'): number {
    return this.buckets().reduce((sum, bucket) => sum + bucket[field], 0);
  }

  /** Sum of outcome counts by name over all buckets. */
  outcomes(): Record<string, number> {
    const totals: Record<string, number> = {};
    for (const bucket of this.buckets()) {
      for (const [name, count] of Object.entries(bucket.outcomes)) totals[name] = (totals[name] ?? 0) + count;
    }
    return totals;
  }
}
