import { markup } from '../markup.js';
import type { Markup } from '../markup.js';
import { chip, note, section } from './elements.js';
import type { ReportView } from './view.js';

export function cleanupSection({ summary }: ReportView): Markup {
  const { cleanup } = summary;
  if (cleanup === null) {
    return section(
      'cleanup',
      'Cleanup audit',
      note(
        'warning',
        'The cleanup audit did not run: check by hand that no fault was left behind (greenlight cleanup).',
      ),
    );
  }
  if (cleanup.clean) {
    return section(
      'cleanup',
      'Cleanup audit',
      markup`<p class="section-verdict">${chip(true, 'CLEAN')} Nothing greenlight applied was left behind.</p>`,
    );
  }
  return section(
    'cleanup',
    'Cleanup audit',
    markup`<p class="section-verdict">${chip(false, 'LEFTOVERS')} These were still in place after the run (revert them with greenlight cleanup):</p>
<ul class="leftovers">${cleanup.leftovers.map((leftover) => markup`<li>${leftover}</li>`)}</ul>`,
  );
}
