import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BucketRecorder } from '../../../../src/journal/bucket-recorder.js';
import type { BucketEvent, JournalEvent } from '../../../../src/journal/events.js';
import { decodeHistogram, percentileMs } from '../../../../src/journal/histogram.js';
import { K6ResultIngest } from '../../../../src/load/engines/k6/result-ingest.js';

/** Hand-written fixtures of k6's documented `--out json` format, not real k6 output (see fixtures/README.md). */
const FIXTURE = join(import.meta.dirname, 'fixtures', 'hand-written-k6-output.ndjson');
const START = Date.UTC(2026, 10, 25, 9, 0, 0);

function ingestFixture(): { events: JournalEvent[]; ingest: K6ResultIngest } {
  const events: JournalEvent[] = [];
  const recorder = new BucketRecorder({ append: (event) => events.push(event) }, START);
  const ingest = new K6ResultIngest(recorder);
  for (const line of readFileSync(FIXTURE, 'utf8').split('\n')) if (line.trim() !== '') ingest.line(line);
  recorder.flushAll();
  return { events, ingest };
}

function bucketOf(events: JournalEvent[], second: number, colour: string): BucketEvent {
  const found = events.find(
    (e): e is BucketEvent => e.type === 'bucket' && e.t === START + second * 1000 && e.colour === colour,
  );
  if (!found) throw new Error(`no ${colour} bucket for second ${second}`);
  return found;
}

describe('k6 result ingest', () => {
  it('turns greenlight_request points into per-second, per-colour buckets', () => {
    const { events } = ingestFixture();
    const blue = bucketOf(events, 0, 'blue');
    expect(blue).toMatchObject({
      requests: 2,
      errors: 0,
      outcomes: { '200': 2 },
      inputTokens: 384,
      outputTokens: 96,
      dropped: 0,
    });
    expect(percentileMs(decodeHistogram(blue.latency), 50)).toBeCloseTo(100, 0);
    expect(percentileMs(decodeHistogram(blue.latency), 100)).toBeCloseTo(120, 0);
    expect(percentileMs(decodeHistogram(blue.ttft), 100)).toBeCloseTo(45, 0);
    expect(blue.itl).toBe('');
    expect(blue.outputTokensFromUsage).toBe(1);
    expect(blue.outputTokensFromChunks).toBe(1);

    // An offset time zone (+01:00) lands in the same second as its UTC equivalent.
    const green0 = bucketOf(events, 0, 'green');
    expect(green0).toMatchObject({ requests: 1, errors: 1, outcomes: { '503': 1 }, latency: '' });

    const green1 = bucketOf(events, 1, 'green');
    expect(green1).toMatchObject({ requests: 1, errors: 0, outcomes: { '200': 1 } });
    expect(percentileMs(decodeHistogram(green1.ttft), 50)).toBeCloseTo(90, 0);
    expect(percentileMs(decodeHistogram(green1.latency), 50)).toBeCloseTo(300, 0);
  });

  it('counts dropped iterations and errors without a status by their class', () => {
    const { events, ingest } = ingestFixture();
    const unknown = bucketOf(events, 1, 'unknown');
    expect(unknown).toMatchObject({ requests: 1, errors: 1, outcomes: { timeout: 1 }, dropped: 3 });
    expect(ingest.counts).toMatchObject({ completed: 5, errors: 2, dropped: 3, vus: 7, unreadable: 0 });
  });

  it('ignores other metrics and counts a torn line instead of failing', () => {
    const events: JournalEvent[] = [];
    const recorder = new BucketRecorder({ append: (event) => events.push(event) }, START);
    const ingest = new K6ResultIngest(recorder);
    ingest.line('{"type":"Point","data":{"time":"2026-11-25T09:00:00.3Z","value":5,"tags":{}},"metric":"http_reqs"}');
    ingest.line('{"type":"Point","data":{"time":"2026-11-25T09:00:0');
    recorder.flushAll();
    expect(events).toEqual([]);
    expect(ingest.counts.unreadable).toBe(1);
  });
});
