import type { HistogramCounts } from './histogram-counts.js';
import { createHistogram, encodeHistogram } from './histogram.js';
import { MICROS_PER_MS } from './histogram.js';
import { INDEX_LIMIT, highestValueAt, medianValueAt, rankAt } from './histogram-index.js';

/** The largest power of two within the Fenwick tree: where a descent starts. */
const TREE_TOP = 2 ** Math.floor(Math.log2(INDEX_LIMIT));

/** A value (ms) and how many samples had it. */
export interface WeightedValue {
  value: number;
  count: number;
}

/** The sum of many histograms, counts per bucket: adding costs the values' count, reading one walk. */
export class HistogramSum {
  private counts: Float64Array | undefined;
  total = 0;

  add(histogram: HistogramCounts | undefined): void {
    if (!histogram || histogram.total === 0) return;
    const counts = (this.counts ??= new Float64Array(INDEX_LIMIT));
    for (let entry = 0; entry < histogram.indices.length; entry++) {
      counts[histogram.indices[entry]!]! += histogram.counts[entry]!;
    }
    this.total += histogram.total;
  }

  percentileMs(percentile: number): number | undefined {
    if (this.total === 0 || !this.counts) return undefined;
    const rank = rankAt(percentile, this.total);
    let seen = 0;
    for (let index = 0; index < INDEX_LIMIT; index++) {
      seen += this.counts[index]!;
      if (seen >= rank) return highestValueAt(index) / MICROS_PER_MS;
    }
    return undefined;
  }

  meanMs(): number | undefined {
    if (this.total === 0 || !this.counts) return undefined;
    let sum = 0;
    for (let index = 0; index < INDEX_LIMIT; index++) {
      const count = this.counts[index]!;
      if (count > 0) sum += count * medianValueAt(index);
    }
    return sum / this.total / MICROS_PER_MS;
  }

  /** The sum encoded as a journal bucket's histogram field ('' when empty). */
  encoded(): string {
    if (this.total === 0 || !this.counts) return '';
    const histogram = createHistogram();
    for (let index = 0; index < INDEX_LIMIT; index++) {
      const count = this.counts[index]!;
      if (count > 0) histogram.recordValueWithCount(medianValueAt(index), count);
    }
    return encodeHistogram(histogram);
  }

  /** The recorded values as (bucket middle in ms, count), ascending: samples for rank tests. */
  values(): WeightedValue[] {
    const values: WeightedValue[] = [];
    if (!this.counts) return values;
    for (let index = 0; index < INDEX_LIMIT; index++) {
      const count = this.counts[index]!;
      if (count > 0) values.push({ value: medianValueAt(index) / MICROS_PER_MS, count });
    }
    return values;
  }
}

/**
 * A sliding window of histograms: they are added as they enter and taken away as they leave,
 * and a percentile is asked every second. Counts per bucket live in a Fenwick tree, so a
 * percentile is a descent of the tree, not a walk over every bucket.
 */
export class HistogramWindow {
  /** Fenwick tree, 1-based: tree[i] sums the counts of buckets (i − lowbit(i), i]. */
  private tree: Float64Array | undefined;
  total = 0;

  add(histogram: HistogramCounts | undefined): void {
    this.change(histogram, 1);
  }

  remove(histogram: HistogramCounts | undefined): void {
    this.change(histogram, -1);
  }

  percentileMs(percentile: number): number | undefined {
    if (this.total === 0 || !this.tree) return undefined;
    let remaining = rankAt(percentile, this.total);
    let position = 0;
    for (let step = TREE_TOP; step >= 1; step /= 2) {
      const next = position + step;
      if (next <= INDEX_LIMIT && this.tree[next]! < remaining) {
        position = next;
        remaining -= this.tree[next]!;
      }
    }
    // The first `position` buckets hold fewer than the rank: the bucket at index `position` reaches it.
    return highestValueAt(position) / MICROS_PER_MS;
  }

  private change(histogram: HistogramCounts | undefined, sign: 1 | -1): void {
    if (!histogram || histogram.total === 0) return;
    const tree = (this.tree ??= new Float64Array(INDEX_LIMIT + 1));
    for (let entry = 0; entry < histogram.indices.length; entry++) {
      const count = sign * histogram.counts[entry]!;
      for (let node = histogram.indices[entry]! + 1; node <= INDEX_LIMIT; node += node & -node) tree[node]! += count;
    }
    this.total += sign * histogram.total;
  }
}
