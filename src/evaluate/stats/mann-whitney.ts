import { normalUpperTail } from './normal.js';
import type { WeightedValue } from '../../journal/histogram-sums.js';
import { totalCount } from './weighted-values.js';

export interface MannWhitneyResult {
  /** U of the candidate: pairs (candidate, baseline) where the candidate is larger, ties count ½. */
  u: number;
  z: number;
  /** One-sided: the chance of a U this large if the candidate were not larger than the baseline. */
  pValue: number;
  /** U / (n₁·n₂): the probability that a random candidate value exceeds a random baseline value. */
  probabilityLarger: number;
}

/**
 * One-sided Mann-Whitney U test of "candidate values tend to be larger than baseline values"
 * on weighted samples, with the normal approximation, the tie correction of the variance and a
 * continuity correction. Both groups need at least one sample.
 */
export function mannWhitneyGreater(
  candidate: readonly WeightedValue[],
  baseline: readonly WeightedValue[],
): MannWhitneyResult {
  const n1 = totalCount(candidate);
  const n2 = totalCount(baseline);
  const n = n1 + n2;
  const pooled = [
    ...candidate.map((item) => ({ ...item, candidate: true })),
    ...baseline.map((item) => ({ ...item, candidate: false })),
  ].sort((a, b) => a.value - b.value);
  let rankSum = 0;
  let tieTerm = 0;
  let below = 0;
  for (let start = 0; start < pooled.length;) {
    let end = start;
    let tied = 0;
    let tiedCandidates = 0;
    while (end < pooled.length && pooled[end]!.value === pooled[start]!.value) {
      tied += pooled[end]!.count;
      if (pooled[end]!.candidate) tiedCandidates += pooled[end]!.count;
      end++;
    }
    const midRank = below + (tied + 1) / 2;
    rankSum += midRank * tiedCandidates;
    tieTerm += tied ** 3 - tied;
    below += tied;
    start = end;
  }
  const u = rankSum - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  const z = variance > 0 ? (u - mean - 0.5) / Math.sqrt(variance) : 0;
  return { u, z, pValue: variance > 0 ? normalUpperTail(z) : 0.5, probabilityLarger: u / (n1 * n2) };
}
