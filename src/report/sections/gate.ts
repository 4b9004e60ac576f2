import type { GateComparison } from '../../evaluate/summary.js';
import { MISSING, formatCount, formatMs, formatNumber, formatPValue, formatPercent } from '../../util/format.js';
import { markup, type Markup } from '../markup.js';
import { chip, note, section, table } from './elements.js';
import type { ReportView } from './view.js';

/** The release gate: one row per comparison, with the test, its figures and why it decided so. */
export function gateSection({ summary }: ReportView): Markup | null {
  const gate = summary.gate;
  if (!gate) return null;
  const intro = markup`Green (candidate) against blue (baseline) at ${formatPercent(gate.confidence)} confidence${
    gate.phase === '*' ? '' : `, phase ${gate.phase}`
  }: a comparison fails only when the data show green worse than its margin allows.`;
  return section(
    'gate',
    'Release gate',
    markup`${note(gate.verdict === 'pass' ? 'info' : 'bad', intro)}${table(
      ['Result', 'Metric', 'Test', '#Blue', '#Green', '#n blue / green', 'Effect', 'Margin', '#p-value', 'Why'],
      gate.comparisons.map((comparison) => [
        chip(comparison.decision === 'pass'),
        comparison.metric,
        comparison.test === 'mann-whitney-u' ? 'Mann-Whitney U' : 'two-proportion z',
        formatValue(comparison, comparison.blueValue),
        formatValue(comparison, comparison.greenValue),
        `${formatCount(comparison.blueSamples)} / ${formatCount(comparison.greenSamples)}`,
        formatEffect(comparison),
        comparison.effectKind === 'median-ratio'
          ? `+${formatPercent(comparison.margin)}`
          : `+${formatPercent(comparison.margin)} (absolute)`,
        formatPValue(comparison.pValue),
        comparison.explanation,
      ]),
    )}`,
  );
}

function formatValue(comparison: GateComparison, value: number | null): string {
  if (value === null) return MISSING;
  return comparison.effectKind === 'median-ratio' ? `p50 ${formatMs(value)}` : formatPercent(value);
}

function formatEffect(comparison: GateComparison): string {
  if (comparison.effect === null) return MISSING;
  return comparison.effectKind === 'median-ratio'
    ? `median ×${formatNumber(comparison.effect, 3)}`
    : `${comparison.effect >= 0 ? '+' : ''}${formatPercent(comparison.effect)}`;
}
