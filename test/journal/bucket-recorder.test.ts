import { describe, expect, it } from 'vitest';
import { BucketRecorder, type RequestSample } from '../../src/journal/bucket-recorder.js';
import { countsPercentileMs, decodeCounts } from '../../src/journal/histogram-counts.js';
import { MemoryJournal } from '../load/helpers/journal.js';

const START = 1_700_000_000_000;

function sample(overrides: Partial<RequestSample>): RequestSample {
  return {
    completedAt: START,
    colour: 'blue',
    outcome: '200',
    error: false,
    latencyMs: 100,
    ttftMs: 20,
    itlMs: [5, 6],
    scheduleLagMs: 0.5,
    inputTokens: 10,
    outputTokens: 3,
    outputTokensFrom: 'usage',
    ...overrides,
  };
}

describe('BucketRecorder', () => {
  it('writes one bucket per second and colour, at startAt + 1000·k', () => {
    const journal = new MemoryJournal();
    const recorder = new BucketRecorder(journal, START);
    recorder.record(sample({ completedAt: START + 10 }));
    recorder.record(sample({ completedAt: START + 999, colour: 'green' }));
    recorder.record(sample({ completedAt: START + 1_000 }));
    recorder.record(sample({ completedAt: START + 2_500, colour: 'unknown', outcome: 'refused', error: true }));
    recorder.flushAll();
    expect(journal.buckets().map((b) => [b.t - START, b.colour, b.requests])).toEqual([
      [0, 'blue', 1],
      [0, 'green', 1],
      [1_000, 'blue', 1],
      [2_000, 'unknown', 1],
    ]);
  });

  it('counts outcomes, errors, tokens and drops, and encodes the histograms', () => {
    const journal = new MemoryJournal();
    const recorder = new BucketRecorder(journal, START);
    recorder.record(sample({ completedAt: START + 100, latencyMs: 100, ttftMs: 20, itlMs: [5, 7] }));
    recorder.record(sample({ completedAt: START + 200, latencyMs: 300, ttftMs: 40, itlMs: [9] }));
    recorder.record(
      sample({ completedAt: START + 300, outcome: '503', error: true, latencyMs: 2, ttftMs: undefined, itlMs: [] }),
    );
    recorder.drop(START + 400);
    recorder.drop(START + 450);
    recorder.flushAll();
    const [blue, unknown] = journal.buckets();
    expect(blue).toMatchObject({
      colour: 'blue',
      requests: 3,
      errors: 1,
      outcomes: { '200': 2, '503': 1 },
      dropped: 0,
      inputTokens: 30,
      outputTokens: 9,
    });
    expect(unknown).toMatchObject({
      colour: 'unknown',
      requests: 0,
      dropped: 2,
      latency: '',
      ttft: '',
      itl: '',
      scheduleLag: '',
    });
    // Latency, TTFT and ITL describe successful requests; schedule lag every started one.
    const latency = decodeCounts(blue!.latency);
    expect(latency?.total).toBe(2);
    expect(countsPercentileMs(latency, 100)).toBeCloseTo(300, 0);
    expect(decodeCounts(blue!.ttft)?.total).toBe(2);
    expect(decodeCounts(blue!.itl)?.total).toBe(3);
    expect(decodeCounts(blue!.scheduleLag)?.total).toBe(3);
  });

  it('flushes a second as soon as it has ended, and only then', () => {
    const journal = new MemoryJournal();
    const recorder = new BucketRecorder(journal, START);
    recorder.record(sample({ completedAt: START + 900 }));
    recorder.record(sample({ completedAt: START + 1_100 }));
    recorder.flushUntil(START + 999);
    expect(journal.buckets()).toHaveLength(0);
    recorder.flushUntil(START + 1_000);
    expect(journal.buckets().map((b) => b.t - START)).toEqual([0]);
    recorder.flushUntil(START + 1_500);
    expect(journal.buckets()).toHaveLength(1);
    recorder.flushAll();
    expect(journal.buckets().map((b) => b.t - START)).toEqual([0, 1_000]);
  });

  it('puts a sample for an already written second into the first open one, never rewriting', () => {
    const journal = new MemoryJournal();
    const recorder = new BucketRecorder(journal, START);
    recorder.record(sample({ completedAt: START + 500 }));
    recorder.flushUntil(START + 3_000);
    recorder.record(sample({ completedAt: START + 1_200 }));
    recorder.drop(START - 50);
    recorder.flushAll();
    expect(journal.buckets().map((b) => [b.t - START, b.colour, b.requests, b.dropped])).toEqual([
      [0, 'blue', 1, 0],
      [3_000, 'blue', 1, 0],
      [3_000, 'unknown', 0, 1],
    ]);
  });

  it('writes nothing twice and keeps no second once written', () => {
    const journal = new MemoryJournal();
    const recorder = new BucketRecorder(journal, START);
    for (let second = 0; second < 50; second++) {
      recorder.record(sample({ completedAt: START + second * 1_000 + 10 }));
      recorder.flushUntil(START + (second + 1) * 1_000);
    }
    recorder.flushAll();
    recorder.flushAll();
    expect(journal.buckets().map((b) => (b.t - START) / 1_000)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
