import type { FaultSummary } from '../../evaluate/summary.js';
import { MISSING } from '../../util/format.js';
import { markup } from '../markup.js';
import type { Markup, MarkupValue } from '../markup.js';
import { note, section, table } from './elements.js';
import { offsetText } from './view.js';
import type { ReportView } from './view.js';

export function faultSection(view: ReportView): Markup {
  const { faults } = view.summary;
  if (faults.length === 0) return section('faults', 'Faults', note('info', 'This experiment injects no faults.'));
  return section(
    'faults',
    'Faults',
    table(
      ['Fault', 'Kind', 'Target', 'Description', 'Applied', 'Reverted', 'Error'],
      faults.map((fault) => [
        fault.name,
        fault.kind,
        fault.target,
        fault.description,
        appliedCell(view, fault),
        revertedCell(view, fault),
        fault.error ? markup`<span class="bad">${fault.error}</span>` : '',
      ]),
    ),
  );
}

/** A repeated fault shows the first of its windows and how many there were. */
function appliedCell(view: ReportView, fault: FaultSummary): MarkupValue {
  if (fault.appliedAt === null) return markup`<span class="muted">not applied</span>`;
  const times = fault.timesApplied ?? 1;
  return times > 1
    ? markup`${offsetText(view, fault.appliedAt)} <span class="muted">(first of ${times})</span>`
    : offsetText(view, fault.appliedAt);
}

function revertedCell(view: ReportView, fault: FaultSummary): MarkupValue {
  if (fault.revertedAt !== null) {
    const last = (fault.timesApplied ?? 1) > 1 ? markup` <span class="muted">(last)</span>` : null;
    return markup`${offsetText(view, fault.revertedAt)}${last}`;
  }
  return fault.appliedAt === null ? MISSING : markup`<span class="bad">not reverted</span>`;
}
