import { HistogramSum } from '../journal/histogram-sums.js';
import type { BucketSink, DecodedBucket, HistogramField } from './bucket-sink.js';
import type { ColourScope } from './second-counts.js';

/** Histograms of a scope summed over the buckets whose second starts in [from, to). */
export class RangeHistograms implements BucketSink {
  private readonly totals = new Map<HistogramField, HistogramSum>();

  constructor(
    private readonly scope: ColourScope,
    private readonly from: number,
    private readonly to: number,
    fields: readonly HistogramField[],
  ) {
    for (const field of fields) this.totals.set(field, new HistogramSum());
  }

  accept(bucket: DecodedBucket): void {
    const { t, colour } = bucket.event;
    if (t < this.from || t >= this.to || (this.scope !== 'all' && colour !== this.scope)) return;
    for (const [field, total] of this.totals) total.add(bucket.histogram(field));
  }

  get(field: HistogramField): HistogramSum {
    const total = this.totals.get(field);
    if (!total) throw new Error(`RangeHistograms: ${field} was not asked for`);
    return total;
  }
}
