import { formatCount, formatMetricValue } from '../../util/format.js';
import type { Markup } from '../markup.js';
import { sloScope } from '../words.js';
import { chip, note, section, table } from './elements.js';
import type { ReportView } from './view.js';

export function sloSection({ summary }: ReportView): Markup {
  if (summary.slos.length === 0) return section('slos', 'SLOs', note('info', 'This experiment declares no SLOs.'));
  return section(
    'slos',
    'SLOs',
    table(
      ['Result', 'SLO', 'Scope', 'Objective', '#Observed', '#Requests', 'Note'],
      summary.slos.map((slo) => [
        chip(slo.pass),
        slo.name,
        sloScope(slo.colour, slo.phase),
        slo.objective,
        formatMetricValue(slo.metric, slo.observed),
        formatCount(slo.requests),
        slo.reason ?? '',
      ]),
    ),
  );
}
