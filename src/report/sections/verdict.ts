import { markup } from '../markup.js';
import type { Markup } from '../markup.js';
import type { ReportView } from './view.js';

/** The banner a reader sees first: the verdict, big, and why. */
export function verdictBanner({ summary }: ReportView): Markup {
  const pass = summary.verdict === 'pass';
  return markup`<header class="verdict ${pass ? 'verdict-pass' : 'verdict-fail'}" id="verdict">
<div class="verdict-word">${pass ? 'PASS' : 'FAIL'}</div>
<div class="verdict-body">
<h1>${summary.experiment}</h1>
<p class="verdict-headline">${headline(pass, summary.reasons.length)}</p>
${summary.reasons.length > 0 ? markup`<ul class="reasons">${summary.reasons.map((reason) => markup`<li>${reason}</li>`)}</ul>` : null}
</div>
</header>`;
}

function headline(pass: boolean, reasonCount: number): string {
  if (pass) return 'Every SLO, rollback rule and cleanup check passed.';
  if (reasonCount === 0) return 'The run failed.';
  return `${reasonCount === 1 ? 'One check' : `${reasonCount} checks`} failed:`;
}
