import type { BurnRateSpec } from '../experiment/burn-rate-schema.js';
import type { Slo } from '../experiment/slo-schema.js';
import { formatDuration, formatNumber, formatOffset, isoTime } from '../util/format.js';
import type { SecondCounts } from './second-counts.js';
import type { BurnRateResult } from './summary.js';

const SECOND = 1000;

/**
 * Burn rates of the SLO's error budget, judged at the end of every second of its window: a pair
 * fires at the first second where both its long and its short trailing window (clipped to the
 * SLO's window) hold at least `minRequests` and burned faster than `factor`. Burn rate = the
 * window's bad share / the budget (error-rate: `below`; availability: 1 − `above`).
 */
export function evaluateBurnRate(
  slo: Slo,
  spec: BurnRateSpec,
  counts: SecondCounts,
  window: { start: number; end: number },
): BurnRateResult[] {
  const budget = slo.metric === 'availability' ? 1 - (slo.above ?? 0) : (slo.below ?? 0);
  const badField = slo.metric === 'availability' ? 'unavailable' : 'errors';
  const seconds = Math.max(0, Math.ceil((window.end - window.start) / SECOND));
  // Prefix sums per second of the window: O(seconds) per pair, however long the windows.
  const total = new Float64Array(seconds + 1);
  const bad = new Float64Array(seconds + 1);
  const [first, end] = counts.secondsIn(window.start, window.end);
  for (let i = 1; i <= seconds; i++) {
    const second = first + i - 1;
    const recorded = second < end;
    total[i] = total[i - 1]! + (recorded ? counts.at('requests', slo.colour, second) : 0);
    bad[i] = bad[i - 1]! + (recorded ? counts.at(badField, slo.colour, second) : 0);
  }
  const burnOver = (end: number, length: number): number | undefined => {
    const start = Math.max(0, end - Math.round(length / SECOND));
    const requests = total[end]! - total[start]!;
    if (requests === 0 || requests < spec.minRequests) return undefined;
    return (bad[end]! - bad[start]!) / requests / budget;
  };
  return spec.windows.map((pair) => {
    let peak: number | null = null;
    let firedAt: number | null = null;
    for (let end = 1; end <= seconds; end++) {
      const long = burnOver(end, pair.long);
      const short = burnOver(end, pair.short);
      if (long === undefined || short === undefined) continue;
      const both = Math.min(long, short);
      peak = peak === null ? both : Math.max(peak, both);
      if (firedAt === null && both > pair.factor) firedAt = window.start + end * SECOND;
    }
    return {
      long: formatDuration(pair.long),
      short: formatDuration(pair.short),
      factor: pair.factor,
      peak,
      firedAt: firedAt === null ? null : isoTime(firedAt),
    };
  });
}

/** One reason per window pair that fired. */
export function burnRateFailures(results: readonly BurnRateResult[], windowStart: number): string[] {
  return results.flatMap((result) =>
    result.firedAt === null
      ? []
      : [
          `error budget burned ${formatNumber(result.peak ?? 0, 1)}× over ${result.long} and ${result.short} (limit ${result.factor}×), first at ${formatOffset((Date.parse(result.firedAt) - windowStart) / SECOND)}`,
        ],
  );
}
