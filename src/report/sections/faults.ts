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
        fault.appliedAt === null ? markup`<span class="muted">not applied</span>` : offsetText(view, fault.appliedAt),
        revertedCell(view, fault),
        fault.error ? markup`<span class="bad">${fault.error}</span>` : '',
      ]),
    ),
  );
}

function revertedCell(view: ReportView, fault: FaultSummary): MarkupValue {
  if (fault.revertedAt !== null) return offsetText(view, fault.revertedAt);
  return fault.appliedAt === null ? MISSING : markup`<span class="bad">not reverted</span>`;
}
