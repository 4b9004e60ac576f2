import { formatCount, formatMetricValue, formatTimestamp } from '../../util/format.js';
import { markup, type Markup } from '../markup.js';
import { chip, note, section, table } from './elements.js';
import type { ReportView } from './view.js';

/** Whether the system was healthy before the first fault, and so whether the faults went in. */
export function steadyStateSection({ summary }: ReportView): Markup | null {
  const { steadyState } = summary;
  if (!steadyState) return null;
  if (!steadyState.checked) {
    return section(
      'steady-state',
      'Steady state',
      note('info', `Not checked before the first fault: ${steadyState.skipped ?? 'nothing to check'}.`),
    );
  }
  const verdict = steadyState.met
    ? markup`<p class="section-verdict">${chip(true, 'HELD')} The system was healthy in ${steadyState.phase} (up to the first fault, ${formatTimestamp(steadyState.to)}), so the faults went in.</p>`
    : markup`<p class="section-verdict">${chip(false, 'NOT MET')} The system was unhealthy before any fault: in ${steadyState.phase}, up to ${formatTimestamp(steadyState.to)}, these checks failed, so no fault was injected and nothing after it is blamed on a fault or a trigger.</p>`;
  return section(
    'steady-state',
    'Steady state',
    markup`${verdict}${table(
      ['Result', 'Check', 'Objective', '#Observed', '#Requests', 'Note'],
      steadyState.checks.map((check) => [
        chip(check.pass),
        check.name,
        check.objective,
        formatMetricValue(check.metric, check.observed),
        formatCount(check.requests),
        check.reason ?? '',
      ]),
    )}`,
  );
}
