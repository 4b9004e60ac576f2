import { aggregate, type Aggregate } from '../evaluate/aggregate.js';
import { formatNumber, formatPValue, formatPercent as percent } from '../util/format.js';
import { mannWhitneyGreater } from '../evaluate/stats/mann-whitney.js';
import { twoProportionGreater } from '../evaluate/stats/two-proportions.js';
import { weightedMedian } from '../evaluate/stats/weighted-values.js';
import type { WeightedValue } from '../journal/histogram-sums.js';
import type { BucketEvent } from '../journal/events.js';
import type { Colour } from '../shared/colour.js';
import type { ComparisonTolerances, Finding, MetricComparison } from './comparison.js';

const SCOPES: readonly (Colour | 'all')[] = ['blue', 'green', 'all'];

/** What the explanations call the two sides: 'A' and 'B', or 'the baseline' and 'this run'. */
export interface RunNames {
  a: string;
  b: string;
}

/**
 * Which differences between two runs are real, per colour and for all traffic, with the release
 * gate's tests: latency and TTFT by one-sided Mann-Whitney U tests on the runs' HDR histograms,
 * error rates by one-sided two-proportion z-tests, each asked both ways (B worse than A beyond
 * the margin; B better beyond it). A scope neither run served is left out.
 */
export function compareStatistics(
  a: readonly BucketEvent[],
  b: readonly BucketEvent[],
  tolerances: ComparisonTolerances,
  names: RunNames = { a: 'A', b: 'B' },
): MetricComparison[] {
  return SCOPES.flatMap((scope) => {
    const inA = aggregate(a, scope === 'all' ? undefined : scope);
    const inB = aggregate(b, scope === 'all' ? undefined : scope);
    if (inA.requests === 0 && inB.requests === 0) return [];
    return [
      compareTimes('latency', scope, inA, inB, tolerances.latencyMargin, tolerances, names),
      compareTimes('ttft', scope, inA, inB, tolerances.ttftMargin, tolerances, names),
      compareErrorRates(scope, inA, inB, tolerances, names),
    ];
  });
}

function compareTimes(
  metric: 'latency' | 'ttft',
  colour: Colour | 'all',
  a: Aggregate,
  b: Aggregate,
  margin: number,
  tolerances: ComparisonTolerances,
  names: RunNames,
): MetricComparison {
  const valuesA = a[metric].values();
  const valuesB = b[metric].values();
  const valueA = weightedMedian(valuesA) ?? null;
  const valueB = weightedMedian(valuesB) ?? null;
  const base = {
    metric,
    colour,
    test: 'mann-whitney-u' as const,
    samplesA: a[metric].total,
    samplesB: b[metric].total,
    valueA,
    valueB,
    effect: valueA !== null && valueB !== null && valueA > 0 ? valueB / valueA : null,
    margin,
  };
  if (Math.min(base.samplesA, base.samplesB) < tolerances.minSamples) return notEnough(base, tolerances);
  const pWorse = mannWhitneyGreater(valuesB, scaled(valuesA, 1 + margin)).pValue;
  const pBetter = mannWhitneyGreater(valuesA, scaled(valuesB, 1 + margin)).pValue;
  const name = metric === 'ttft' ? 'time to first token' : 'latency';
  const ratio = base.effect === null ? '' : ` (median ×${formatNumber(base.effect, 3)})`;
  const shift = `by more than ${percent(margin)}`;
  return judged(base, pWorse, pBetter, tolerances, {
    worse: `${names.b}'s ${name} is slower than ${names.a}'s ${shift}${ratio}`,
    better: `${names.b}'s ${name} is faster than ${names.a}'s ${shift}${ratio}`,
    same: `no evidence that ${names.b}'s ${name} differs from ${names.a}'s ${shift}${ratio}`,
  });
}

function compareErrorRates(
  colour: Colour | 'all',
  a: Aggregate,
  b: Aggregate,
  tolerances: ComparisonTolerances,
  names: RunNames,
): MetricComparison {
  const margin = tolerances.errorRateMargin;
  const base = {
    metric: 'error-rate' as const,
    colour,
    test: 'two-proportion-z' as const,
    samplesA: a.requests,
    samplesB: b.requests,
    valueA: a.requests === 0 ? null : a.errors / a.requests,
    valueB: b.requests === 0 ? null : b.errors / b.requests,
    effect: a.requests === 0 || b.requests === 0 ? null : b.errors / b.requests - a.errors / a.requests,
    margin,
  };
  if (Math.min(a.requests, b.requests) < tolerances.minSamples) return notEnough(base, tolerances);
  const inA = { events: a.errors, trials: a.requests };
  const inB = { events: b.errors, trials: b.requests };
  const pWorse = twoProportionGreater(inB, inA, margin).pValue;
  const pBetter = twoProportionGreater(inA, inB, margin).pValue;
  const rates = ` (${percent(base.valueA ?? 0)} → ${percent(base.valueB ?? 0)})`;
  const shift = `by more than ${percent(margin)}`;
  return judged(base, pWorse, pBetter, tolerances, {
    worse: `${names.b} fails more requests than ${names.a} ${shift}${rates}`,
    better: `${names.b} fails fewer requests than ${names.a} ${shift}${rates}`,
    same: `no evidence that ${names.b}'s error rate differs from ${names.a}'s ${shift}${rates}`,
  });
}

type Base = Omit<MetricComparison, 'pWorse' | 'pBetter' | 'finding' | 'explanation'>;

function judged(
  base: Base,
  pWorse: number,
  pBetter: number,
  tolerances: ComparisonTolerances,
  sentences: Record<'worse' | 'better' | 'same', string>,
): MetricComparison {
  const alpha = 1 - tolerances.confidence;
  const finding: Finding = pWorse < alpha ? 'worse' : pBetter < alpha ? 'better' : 'no-real-difference';
  const p = finding === 'better' ? pBetter : pWorse;
  const sentence = finding === 'worse' ? sentences.worse : finding === 'better' ? sentences.better : sentences.same;
  const test = finding === 'no-real-difference' ? `p ≥ ${formatPValue(alpha)} both ways` : `p = ${formatPValue(p)}`;
  return { ...base, pWorse, pBetter, finding, explanation: `${sentence}: ${test}` };
}

function notEnough(base: Base, tolerances: ComparisonTolerances): MetricComparison {
  return {
    ...base,
    pWorse: null,
    pBetter: null,
    finding: 'not-enough-data',
    explanation: `not enough data: ${base.samplesA} and ${base.samplesB} samples, the comparison needs ${tolerances.minSamples} in each run`,
  };
}

function scaled(values: readonly WeightedValue[], factor: number): WeightedValue[] {
  return values.map((item) => ({ value: item.value * factor, count: item.count }));
}
