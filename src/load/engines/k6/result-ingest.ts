import type { BucketRecorder, RequestSample } from '../../../journal/bucket-recorder.js';
import { isColour, type ObservedColour } from '../../../shared/colour.js';
import { K6_METADATA, K6_METRICS } from './script-input.js';

/** One line of `k6 run --out json=FILE`, as internal/output/json/wrapper.go writes it. */
interface K6PointLine {
  type: 'Point';
  metric: string;
  data: { time: string; value: number; tags: Record<string, string> | null; metadata?: Record<string, string> };
}

export interface IngestCounts {
  completed: number;
  errors: number;
  dropped: number;
  /** The last `vus` gauge: VUs busy or idle, k6's bound on requests in flight. */
  vus: number;
  /** Lines that were not JSON (a line torn by a killed k6). */
  unreadable: number;
}

const TOKENS_FROM = new Set(['usage', 'chunks', 'none']);

/**
 * Turns k6's NDJSON results into the journal's per-second, per-colour buckets: each
 * `greenlight_request` point is one request (colour, outcome and ok from its tags; TTFT and
 * tokens from its metadata), each `dropped_iterations` point is arrivals k6 could not start.
 * `Metric` lines and every other metric are ignored.
 */
export class K6ResultIngest {
  readonly counts: IngestCounts = { completed: 0, errors: 0, dropped: 0, vus: 0, unreadable: 0 };

  constructor(private readonly recorder: BucketRecorder) {}

  line(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.counts.unreadable++;
      return;
    }
    if (!isPoint(parsed)) return;
    const at = Date.parse(parsed.data.time);
    if (Number.isNaN(at)) {
      this.counts.unreadable++;
      return;
    }
    switch (parsed.metric) {
      case K6_METRICS.request:
        this.request(at, parsed.data.value, parsed.data.tags ?? {}, parsed.data.metadata ?? {});
        return;
      case 'dropped_iterations':
        for (let k = 0; k < parsed.data.value; k++) this.recorder.drop(at);
        this.counts.dropped += parsed.data.value;
        return;
      case 'vus':
        this.counts.vus = parsed.data.value;
        return;
    }
  }

  private request(
    at: number,
    durationMs: number,
    tags: Record<string, string>,
    metadata: Record<string, string>,
  ): void {
    const error = tags['ok'] !== 'true';
    const ttft = numberOf(metadata[K6_METADATA.ttftMs]);
    const tokensFrom = metadata[K6_METADATA.outputTokensFrom] ?? 'none';
    const sample: RequestSample = {
      completedAt: at,
      colour: colourOf(tags['colour']),
      outcome: tags['outcome'] ?? 'other',
      error,
      latencyMs: durationMs,
      ttftMs: ttft,
      itlMs: [],
      // k6 starts an iteration on schedule or drops it, and does not say how late it started.
      scheduleLagMs: 0,
      inputTokens: numberOf(metadata[K6_METADATA.inputTokens]) ?? 0,
      outputTokens: numberOf(metadata[K6_METADATA.outputTokens]) ?? 0,
      outputTokensFrom: TOKENS_FROM.has(tokensFrom) ? (tokensFrom as RequestSample['outputTokensFrom']) : 'none',
    };
    this.recorder.record(sample);
    this.counts.completed++;
    if (error) this.counts.errors++;
  }
}

function isPoint(value: unknown): value is K6PointLine {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as Partial<K6PointLine>;
  return (
    line.type === 'Point' &&
    typeof line.metric === 'string' &&
    typeof line.data?.time === 'string' &&
    typeof line.data.value === 'number'
  );
}

function colourOf(value: string | undefined): ObservedColour {
  return isColour(value) ? value : 'unknown';
}

function numberOf(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
