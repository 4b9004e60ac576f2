import type { RuleResult } from '../../evaluate/summary.js';
import { formatCount, formatSeconds } from '../format.js';
import { markup } from '../markup.js';
import type { Markup } from '../markup.js';
import { ruleVerdictWord } from '../words.js';
import { chip, facts, note, section, table } from './elements.js';
import { offsetText } from './view.js';
import type { ReportView } from './view.js';

export function rollbackSection(view: ReportView): Markup {
  const { rollback } = view.summary;
  const rules =
    rollback.rules.length === 0
      ? note('info', 'This experiment declares no rollback rules.')
      : markup`<div class="cards">${rollback.rules.map((rule) => ruleCard(view, rule))}</div>`;
  const switches =
    rollback.switches.length === 0
      ? note('info', 'The router did not switch during the run.')
      : table(
          ['At', 'From', 'To', 'Reason'],
          rollback.switches.map((entry) => [offsetText(view, entry.at), entry.from, entry.to, entry.reason ?? '—']),
        );
  return section(
    'rollback',
    'Rollback',
    markup`<p class="section-verdict">${chip(rollback.verdict === 'pass')} ${rollback.verdict === 'pass' ? 'Every rule behaved as expected.' : 'At least one rule did not behave as expected.'}</p>
${rules}
<h3>Router switches</h3>
${switches}`,
  );
}

function ruleCard(view: ReportView, rule: RuleResult): Markup {
  const detection = markup`${formatSeconds(rule.detectionSeconds)} <span class="muted">(budget ${formatSeconds(rule.budgetSeconds)})</span>`;
  return markup`<article class="card ${rule.pass ? 'card-pass' : 'card-fail'}">
<header><h3>${rule.name}</h3>${chip(rule.pass, ruleVerdictWord(rule.verdict))}</header>
<p class="condition"><code>${rule.condition}</code></p>
${facts([
  ['Condition met', offsetText(view, rule.conditionMetAt)],
  ['Switched', offsetText(view, rule.switchedAt)],
  ['Detection', detection],
  ['Failed before switch', formatCount(rule.failedRequestsBeforeSwitch)],
  ['Failed during switch', formatCount(rule.failedRequestsDuringSwitch)],
])}
<p class="explanation">${rule.explanation}</p>
</article>`;
}
