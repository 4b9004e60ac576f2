import type { GateSpec } from '../experiment/gate-schema.js';
import type { Histogram } from '../journal/histogram.js';
import type { Colour } from '../shared/colour.js';
import { aggregate, type Aggregate } from './aggregate.js';
import { mannWhitneyGreater } from './stats/mann-whitney.js';
import { twoProportionGreater } from './stats/two-proportions.js';
import { recordedValues, weightedMedian } from './stats/weighted-values.js';
import type { GateComparison, GateSummary } from './summary.js';
import { bucketsBetween, type Timeline } from './timeline.js';

/**
 * The release gate from the journal: green (candidate) against blue (baseline) over the gate's
 * phase. Latency and TTFT by a one-sided Mann-Whitney U test of green against blue scaled up by
 * the margin; error rates by a one-sided two-proportion z-test against the margin. A comparison
 * fails when its p-value is below 1 − confidence, or when either colour has too few samples.
 */
export function evaluateGate(spec: GateSpec, timeline: Timeline): GateSummary {
  const window =
    spec.phase === '*'
      ? { start: timeline.started.t, end: timeline.endedAt }
      : timeline.phases.find((phase) => phase.name === spec.phase);
  const buckets = window ? bucketsBetween(timeline.buckets, window.start, window.end) : [];
  const blue = aggregate(buckets, 'blue');
  const green = aggregate(buckets, 'green');
  const alpha = 1 - spec.confidence;
  const comparisons = [
    compareTimes('latency', blue.latency, green.latency, spec.latencyMargin, spec, alpha),
    compareTimes('ttft', blue.ttft, green.ttft, spec.ttftMargin, spec, alpha),
    compareErrorRates(blue, green, spec, alpha),
  ];
  return {
    verdict: comparisons.every((comparison) => comparison.decision === 'pass') ? 'pass' : 'fail',
    confidence: spec.confidence,
    phase: spec.phase,
    comparisons,
  };
}

function compareTimes(
  metric: 'latency' | 'ttft',
  blueHistogram: Histogram,
  greenHistogram: Histogram,
  margin: number,
  spec: GateSpec,
  alpha: number,
): GateComparison {
  const blue = recordedValues(blueHistogram);
  const green = recordedValues(greenHistogram);
  const blueMedian = weightedMedian(blue) ?? null;
  const greenMedian = weightedMedian(green) ?? null;
  const base = {
    metric,
    test: 'mann-whitney-u' as const,
    blueSamples: blueHistogram.totalCount,
    greenSamples: greenHistogram.totalCount,
    blueValue: blueMedian,
    greenValue: greenMedian,
    effect: blueMedian !== null && greenMedian !== null && blueMedian > 0 ? greenMedian / blueMedian : null,
    effectKind: 'median-ratio' as const,
    margin,
  };
  const shortage = tooFew(base.blueSamples, base.greenSamples, spec.minRequests, 'successful requests');
  if (shortage) return { ...base, statistic: null, pValue: null, decision: 'fail', explanation: shortage };
  const scaledBlue = blue.map((item) => ({ value: item.value * (1 + margin), count: item.count }));
  const test = mannWhitneyGreater(green, scaledBlue);
  const regressed = test.pValue < alpha;
  const allowed = `more than ${formatPercent(margin)} slower than blue`;
  const ratio = base.effect === null ? '' : ` (median ratio ${base.effect.toFixed(3)})`;
  const explanation = regressed
    ? `green's ${metric} is ${allowed}${ratio}: p = ${formatP(test.pValue)} < ${formatP(alpha)}`
    : `no evidence that green's ${metric} is ${allowed}${ratio}: p = ${formatP(test.pValue)} ≥ ${formatP(alpha)}`;
  return { ...base, statistic: test.u, pValue: test.pValue, decision: regressed ? 'fail' : 'pass', explanation };
}

function compareErrorRates(blue: Aggregate, green: Aggregate, spec: GateSpec, alpha: number): GateComparison {
  const base = {
    metric: 'error-rate',
    test: 'two-proportion-z' as const,
    blueSamples: blue.requests,
    greenSamples: green.requests,
    blueValue: blue.requests === 0 ? null : blue.errors / blue.requests,
    greenValue: green.requests === 0 ? null : green.errors / green.requests,
    effectKind: 'rate-difference' as const,
    margin: spec.errorRateMargin,
  };
  const shortage = tooFew(blue.requests, green.requests, spec.minRequests, 'requests');
  if (shortage)
    return { ...base, effect: null, statistic: null, pValue: null, decision: 'fail', explanation: shortage };
  const test = twoProportionGreater(
    { events: green.errors, trials: green.requests },
    { events: blue.errors, trials: blue.requests },
    spec.errorRateMargin,
  );
  const difference = test.candidateRate - test.baselineRate;
  const regressed = test.pValue < alpha;
  const rates = `green ${formatPercent(test.candidateRate)} vs blue ${formatPercent(test.baselineRate)}`;
  const allowed = `more than ${formatPercent(spec.errorRateMargin)} above blue's`;
  const explanation = regressed
    ? `green's error rate is ${allowed} (${rates}): p = ${formatP(test.pValue)} < ${formatP(alpha)}`
    : `no evidence that green's error rate is ${allowed} (${rates}): p = ${formatP(test.pValue)} ≥ ${formatP(alpha)}`;
  return {
    ...base,
    effect: difference,
    statistic: test.z,
    pValue: test.pValue,
    decision: regressed ? 'fail' : 'pass',
    explanation,
  };
}

function tooFew(blue: number, green: number, needed: number, what: string): string | undefined {
  const short = (['blue', 'green'] as const satisfies readonly Colour[]).filter(
    (colour) => (colour === 'blue' ? blue : green) < needed,
  );
  if (short.length === 0) return undefined;
  return `not enough evidence: ${short.map((colour) => `${colour} has ${colour === 'blue' ? blue : green}`).join(', ')} ${what}, the gate needs ${needed} per colour`;
}

export function formatPercent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(2))} %`;
}

export function formatP(p: number): string {
  return p < 0.0001 ? p.toExponential(1) : String(Number(p.toFixed(4)));
}
