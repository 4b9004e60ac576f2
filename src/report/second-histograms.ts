import type { BucketSink, DecodedBucket } from '../evaluate/bucket-sink.js';
import type { RunIndex } from '../evaluate/run-index.js';
import { countsMeanMs, countsPercentileMs, mergeCounts } from '../journal/histogram-counts.js';
import type { SeriesColour } from './chart-timeline.js';
import { roundTo3 } from './round.js';

const SERIES_COLOURS: readonly SeriesColour[] = ['blue', 'green', 'all'];

/** The series read from histograms, one value per second (NaN where unmeasured) until they are thinned. */
export type HistogramSeries = 'latencyP50Ms' | 'latencyP99Ms' | 'ttftP95Ms' | 'itlMeanMs';

/**
 * Latency p50 and p99, TTFT p95 and mean ITL of every second, per colour and for all traffic.
 * Buckets come in time order, so a second is complete when the next one starts; only its
 * buckets are held until then.
 */
export class SecondHistograms implements BucketSink {
  readonly values: Record<SeriesColour, Record<HistogramSeries, Float64Array>>;
  private second = -1;
  private buckets: DecodedBucket[] = [];

  constructor(private readonly index: RunIndex) {
    const perSecond = (): Float64Array => new Float64Array(index.seconds.length).fill(Number.NaN);
    const series = () => ({
      latencyP50Ms: perSecond(),
      latencyP99Ms: perSecond(),
      ttftP95Ms: perSecond(),
      itlMeanMs: perSecond(),
    });
    this.values = { blue: series(), green: series(), all: series() };
  }

  accept(bucket: DecodedBucket): void {
    const second = this.index.seconds.secondOf(bucket.event.t);
    if (second !== this.second) this.closeSecond();
    this.second = second;
    this.buckets.push(bucket);
  }

  /** Measures the second still open: when the next second starts, and when the pass is over. */
  closeSecond(): void {
    for (const colour of SERIES_COLOURS) {
      const buckets = colour === 'all' ? this.buckets : this.buckets.filter((b) => b.event.colour === colour);
      if (buckets.length > 0) this.measure(this.values[colour], buckets);
    }
    this.buckets = [];
  }

  /** A colour's own bucket is read as it is; all traffic merges the second's buckets (two or three). */
  private measure(values: SecondHistograms['values'][SeriesColour], buckets: readonly DecodedBucket[]): void {
    const second = this.second;
    const latency = mergeCounts(buckets.map((bucket) => bucket.histogram('latency')));
    values.latencyP50Ms[second] = measured(countsPercentileMs(latency, 50));
    values.latencyP99Ms[second] = measured(countsPercentileMs(latency, 99));
    const ttft = mergeCounts(buckets.map((bucket) => bucket.histogram('ttft')));
    values.ttftP95Ms[second] = measured(countsPercentileMs(ttft, 95));
    values.itlMeanMs[second] = measured(countsMeanMs(...buckets.map((bucket) => bucket.histogram('itl'))));
  }
}

function measured(value: number | undefined): number {
  return value === undefined ? Number.NaN : roundTo3(value);
}
