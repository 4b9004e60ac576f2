import type { GateSpec } from '../experiment/gate-schema.js';
import type { HistogramSum } from '../journal/histogram-sums.js';
import type { Colour } from '../shared/colour.js';
import { formatNumber, formatPercent, formatPValue } from '../util/format.js';
import type { Pending } from './bucket-sink.js';
import { RangeHistograms } from './range-histograms.js';
import type { RunIndex } from './run-index.js';
import { mannWhitneyGreater } from './stats/mann-whitney.js';
import { twoProportionGreater } from './stats/two-proportions.js';
import { weightedMedian } from './stats/weighted-values.js';
import type { GateComparison, GateSummary } from './summary.js';

/** Requests and errors of one colour over the gate's phase. */
interface Counted {
  requests: number;
  errors: number;
}

/**
 * The release gate from the journal: green (candidate) against blue (baseline) over the gate's
 * phase. Latency and TTFT by a one-sided Mann-Whitney U test of green against blue scaled up by
 * the margin; error rates by a one-sided two-proportion z-test against the margin. A comparison
 * fails when its p-value is below 1 − confidence, or when either colour has too few samples.
 */
export function planGate(spec: GateSpec, index: RunIndex): Pending<GateSummary> {
  // A phase that never started is an empty window: too few samples, and the gate says so.
  const window =
    spec.phase === '*'
      ? { start: index.started.t, end: index.endedAt }
      : (index.phases.find((phase) => phase.name === spec.phase) ?? { start: 0, end: 0 });
  const blue = new RangeHistograms('blue', window.start, window.end, ['latency', 'ttft']);
  const green = new RangeHistograms('green', window.start, window.end, ['latency', 'ttft']);
  const counted = (colour: Colour): Counted => ({
    requests: index.seconds.sum('requests', colour, window.start, window.end),
    errors: index.seconds.sum('errors', colour, window.start, window.end),
  });
  return {
    sinks: [blue, green],
    result: () => {
      const alpha = 1 - spec.confidence;
      const comparisons = [
        compareTimes('latency', blue.get('latency'), green.get('latency'), spec.latencyMargin, spec, alpha),
        compareTimes('ttft', blue.get('ttft'), green.get('ttft'), spec.ttftMargin, spec, alpha),
        compareErrorRates(counted('blue'), counted('green'), spec, alpha),
      ];
      return {
        verdict: comparisons.every((comparison) => comparison.decision === 'pass') ? 'pass' : 'fail',
        confidence: spec.confidence,
        phase: spec.phase,
        comparisons,
      };
    },
  };
}

function compareTimes(
  metric: 'latency' | 'ttft',
  blueHistogram: HistogramSum,
  greenHistogram: HistogramSum,
  margin: number,
  spec: GateSpec,
  alpha: number,
): GateComparison {
  const blue = blueHistogram.values();
  const green = greenHistogram.values();
  const blueMedian = weightedMedian(blue) ?? null;
  const greenMedian = weightedMedian(green) ?? null;
  const base = {
    metric,
    test: 'mann-whitney-u' as const,
    blueSamples: blueHistogram.total,
    greenSamples: greenHistogram.total,
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
  const ratio = base.effect === null ? '' : ` (median ratio ${formatNumber(base.effect, 3)})`;
  const explanation = regressed
    ? `green's ${metric} is ${allowed}${ratio}: p = ${formatPValue(test.pValue)} < ${formatPValue(alpha)}`
    : `no evidence that green's ${metric} is ${allowed}${ratio}: p = ${formatPValue(test.pValue)} ≥ ${formatPValue(alpha)}`;
  return { ...base, statistic: test.u, pValue: test.pValue, decision: regressed ? 'fail' : 'pass', explanation };
}

function compareErrorRates(blue: Counted, green: Counted, spec: GateSpec, alpha: number): GateComparison {
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
    ? `green's error rate is ${allowed} (${rates}): p = ${formatPValue(test.pValue)} < ${formatPValue(alpha)}`
    : `no evidence that green's error rate is ${allowed} (${rates}): p = ${formatPValue(test.pValue)} ≥ ${formatPValue(alpha)}`;
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
