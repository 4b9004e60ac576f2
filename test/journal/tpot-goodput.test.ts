import { describe, expect, it } from 'vitest';
import { BucketRecorder, timePerOutputTokenMs, type RequestSample } from '../../src/journal/bucket-recorder.js';
import { countsPercentileMs, decodeCounts } from '../../src/journal/histogram-counts.js';
import { MemoryJournal } from '../load/helpers/journal.js';

const START = 1_700_000_000_000;

function sample(overrides: Partial<RequestSample>): RequestSample {
  return {
    completedAt: START,
    colour: 'blue',
    outcome: '200',
    error: false,
    latencyMs: 1_100,
    ttftMs: 100,
    itlMs: [],
    scheduleLagMs: 0,
    inputTokens: 10,
    outputTokens: 101,
    outputTokensFrom: 'usage',
    ...overrides,
  };
}

describe('time per output token', () => {
  it('is (e2e − TTFT) / (output tokens − 1), as vLLM defines it', () => {
    expect(timePerOutputTokenMs(sample({}))).toBe(10);
  });

  it('is undefined without a TTFT, with fewer than 2 tokens, or for a failed request', () => {
    expect(timePerOutputTokenMs(sample({ ttftMs: undefined }))).toBeUndefined();
    expect(timePerOutputTokenMs(sample({ outputTokens: 1 }))).toBeUndefined();
    expect(timePerOutputTokenMs(sample({ error: true }))).toBeUndefined();
  });
});

describe('goodput and token counting in buckets', () => {
  it('counts successful requests that meet every objective, and who counted the tokens', () => {
    const journal = new MemoryJournal();
    const recorder = new BucketRecorder(journal, START, { ttft: 200, tpot: 20, e2e: 2_000 });
    recorder.record(sample({}));
    recorder.record(sample({ ttftMs: 300, latencyMs: 1_300 }));
    recorder.record(sample({ latencyMs: 3_100, outputTokensFrom: 'chunks' }));
    recorder.record(sample({ error: true, outcome: '503', outputTokensFrom: 'none' }));
    recorder.record(sample({ ttftMs: undefined, latencyMs: 150, outputTokensFrom: 'none' }));
    recorder.flushAll();

    const [bucket] = journal.buckets();
    expect(bucket).toMatchObject({
      requests: 5,
      errors: 1,
      good: 2,
      outputTokensFromUsage: 2,
      outputTokensFromChunks: 1,
    });
    const tpot = decodeCounts(bucket!.tpot!);
    expect(tpot?.total).toBe(3);
    expect(countsPercentileMs(tpot, 50)).toBeCloseTo(10, 1);
    expect(countsPercentileMs(tpot, 100)).toBeCloseTo(30, 1);
  });

  it('counts every success as good when no objective is given', () => {
    const journal = new MemoryJournal();
    const recorder = new BucketRecorder(journal, START);
    recorder.record(sample({ latencyMs: 60_000 }));
    recorder.record(sample({ error: true, outcome: 'timeout' }));
    recorder.flushAll();
    expect(journal.buckets()[0]?.good).toBe(1);
  });
});
