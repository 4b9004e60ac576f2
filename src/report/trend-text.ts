import type { Trend } from '../compare/trend.js';
import { formatSeconds, formatTimestamp } from '../util/format.js';
import { ruleVerdictWord } from './words.js';

/** The trend for a terminal: one line per run, then the latest run's regressions. */
export function renderTrendText(trend: Trend, pagePath: string): string {
  const baseline = trend.baselineRuns === 1 ? 'the run before it' : `the ${trend.baselineRuns} runs before it`;
  const latest = trend.runs.at(-1);
  const lines = [
    `${trend.experiment} across ${trend.runs.length} runs (each against ${baseline})`,
    ...trend.runs.map((run) => {
      const rules = run.rules
        .map(
          (rule) =>
            `${rule.name} ${ruleVerdictWord(rule.verdict)}${rule.detectionSeconds === null ? '' : ` ${formatSeconds(rule.detectionSeconds)}`}`,
        )
        .join('; ');
      const flags =
        run.regressions.length === 0
          ? ''
          : `  ${run.regressions.length} regression${run.regressions.length === 1 ? '' : 's'}`;
      return `  ${formatTimestamp(run.startedAt)}  ${run.verdict === 'pass' ? 'PASS' : 'FAIL'}  ${rules}${flags}`;
    }),
    ...(latest && latest.regressions.length > 0
      ? [`latest run regressed against ${baseline}:`, ...latest.regressions.map((item) => `  ✗ ${item.message}`)]
      : latest
        ? [`latest run: no regression against ${baseline}`]
        : []),
    `page: ${pagePath}`,
  ];
  return lines.join('\n');
}
