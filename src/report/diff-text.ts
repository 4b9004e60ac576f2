import type { MetricComparison, RunComparison, RunFacts } from '../compare/comparison.js';
import { formatMs, formatOffset, formatPercent, formatSeconds, MISSING } from '../util/format.js';
import { ruleVerdictWord } from './words.js';

/** The comparison for a terminal: the outcome, what differs, then each aspect in a line or two. */
export function renderDiffText(comparison: RunComparison, pagePath?: string): string {
  const breaking = comparison.differences.filter((difference) => difference.breaksReproduction);
  const noted = comparison.differences.filter((difference) => !difference.breaksReproduction);
  const lines = [
    comparison.reproduced
      ? 'REPRODUCED: B agrees with A within the tolerances'
      : `NOT REPRODUCED: ${breaking.length === 1 ? 'one difference' : `${breaking.length} differences`} beyond the tolerances`,
    `  A  ${describeRun(comparison.a)}`,
    `  B  ${describeRun(comparison.b)}`,
    ...(breaking.length > 0 ? ['differs', ...breaking.map((difference) => `  ✗ ${difference.message}`)] : []),
    ...(noted.length > 0 ? ['noted', ...noted.map((difference) => `  · ${difference.message}`)] : []),
    ...ruleLines(comparison),
    ...statisticLines(comparison.statistics, comparison.tolerances.confidence),
    `faults    A ${comparison.faults.a.length} steps, B ${comparison.faults.b.length} steps${sameOrNot(comparison, 'fault')}`,
    `switches  A ${describeSwitches(comparison.switches.a)}; B ${describeSwitches(comparison.switches.b)}`,
    `arrivals  planned ${comparison.arrivals.samePlan ? 'the same' : 'DIFFERENT'} (${comparison.arrivals.plannedA.length} s vs ${comparison.arrivals.plannedB.length} s); made ${comparison.arrivals.totalA} vs ${comparison.arrivals.totalB}, dropped ${comparison.arrivals.droppedA} vs ${comparison.arrivals.droppedB}`,
    `tolerances  ${formatSeconds(comparison.tolerances.timingSeconds)} for condition, switch and detection times; ${formatSeconds(comparison.tolerances.faultSeconds)} for fault steps; the rest exact`,
    ...(pagePath ? [`page: ${pagePath}`] : []),
  ];
  return lines.join('\n');
}

function describeRun(run: RunFacts): string {
  return `${run.runId}  ${run.experiment}, seed ${run.seed}, ${run.engine}, ${run.verdict.toUpperCase()}${run.endReason === 'completed' ? '' : ` (${run.endReason})`}, ${run.requests} requests${run.dir ? `  ${run.dir}` : ''}`;
}

function ruleLines(comparison: RunComparison): string[] {
  if (comparison.rules.length === 0) return [];
  return [
    'rules',
    ...comparison.rules.map((rule) => {
      const side = (value: typeof rule.a): string =>
        value === null
          ? MISSING
          : `${ruleVerdictWord(value.verdict)}${value.detectionSeconds === null ? '' : ` in ${formatSeconds(value.detectionSeconds)}`}${value.switchedAt === null ? '' : ` (switch ${formatOffset(value.switchedAt)})`}`;
      return `  ${rule.name}: A ${side(rule.a)}; B ${side(rule.b)}`;
    }),
  ];
}

function statisticLines(statistics: readonly MetricComparison[], confidence: number): string[] {
  if (statistics.length === 0) return [];
  const value = (item: MetricComparison, at: number | null): string =>
    item.metric === 'error-rate' ? formatPercent(at) : formatMs(at);
  const word = {
    worse: 'B WORSE',
    better: 'B better',
    'no-real-difference': 'same',
    'not-enough-data': 'too few samples',
  };
  return [
    `statistics (B against A, ${confidence * 100} % confidence)`,
    ...statistics.map(
      (item) =>
        `  ${item.metric.padEnd(10)} ${(item.colour === 'all' ? 'all' : item.colour).padEnd(5)} ${value(item, item.valueA).padStart(9)} → ${value(item, item.valueB).padEnd(9)} ${word[item.finding]}`,
    ),
  ];
}

function sameOrNot(comparison: RunComparison, aspect: 'fault'): string {
  const differs = comparison.differences.some(
    (difference) => difference.aspect === aspect && difference.breaksReproduction,
  );
  return differs ? ', DIFFERENT' : ', the same';
}

function describeSwitches(steps: RunComparison['switches']['a']): string {
  if (steps.length === 0) return 'none';
  return steps.map((step) => `${formatOffset(step.at)} ${step.from} → ${step.to}`).join(', ');
}
