import { describe, expect, it } from 'vitest';
import { BucketRecorder, type RequestSample } from '../../../../src/journal/bucket-recorder.js';
import { decodeHistogram } from '../../../../src/journal/histogram.js';
import { BucketMerger } from '../../../../src/load/engines/native/workers/bucket-merger.js';
import { Random } from '../../../../src/util/random.js';
import { MemoryJournal } from '../../helpers/journal.js';

const START = 1_764_460_800_000;

/** Samples over three seconds, of two colours, some failed, some streamed. */
function samples(): RequestSample[] {
  const random = new Random(5);
  return Array.from({ length: 600 }, (_, k) => {
    const error = random.chance(0.1);
    const streamed = random.chance(0.5);
    return {
      completedAt: START + k * 5,
      colour: random.chance(0.5) ? 'blue' : 'green',
      outcome: error ? '503' : '200',
      error,
      latencyMs: 20 + random.next() * 80,
      ttftMs: streamed ? 5 + random.next() * 10 : undefined,
      itlMs: streamed ? [random.next() * 20, random.next() * 20] : [],
      scheduleLagMs: random.next(),
      inputTokens: 10,
      outputTokens: streamed ? 3 : 1,
      outputTokensFrom: streamed ? 'chunks' : 'usage',
    };
  });
}

describe('BucketMerger', () => {
  it('merges the workers’ buckets into exactly what one recorder of every sample writes', () => {
    const single = new MemoryJournal();
    const alone = new BucketRecorder(single, START, { e2e: 60 });
    const merged = new MemoryJournal();
    const merger = new BucketMerger(merged, 2);
    const channels = [new MemoryJournal(), new MemoryJournal()];
    const workers = channels.map((channel) => new BucketRecorder(channel, START, { e2e: 60 }));
    samples().forEach((sample, k) => {
      alone.record(sample);
      workers[k % 2]!.record(sample);
    });
    alone.flushAll();
    for (const [index, worker] of workers.entries()) {
      worker.flushAll();
      for (const bucket of channels[index]!.buckets()) merger.add(bucket);
    }
    // Nothing is written until both workers say the seconds are complete.
    merger.complete(0, START + 3_000);
    expect(merged.events).toEqual([]);
    merger.complete(1, START + 2_000);
    expect(merged.buckets().map((bucket) => bucket.t)).toEqual([START, START, START + 1_000, START + 1_000]);
    merger.flushAll();

    const decoded = (journal: MemoryJournal) =>
      journal.buckets().map((bucket) => ({
        ...bucket,
        latency: decodeHistogram(bucket.latency).toJSON(),
        ttft: decodeHistogram(bucket.ttft).toJSON(),
        itl: decodeHistogram(bucket.itl).toJSON(),
        scheduleLag: decodeHistogram(bucket.scheduleLag).toJSON(),
        tpot: bucket.tpot ? decodeHistogram(bucket.tpot).toJSON() : '',
      }));
    expect(merged.buckets()).toHaveLength(6);
    expect(decoded(merged)).toEqual(decoded(single));
  });
});
