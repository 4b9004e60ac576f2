import type { CanarySummary, RuleResult } from '../../evaluate/summary.js';
import { describeWeights } from '../../shared/rule-action.js';
import { MISSING, formatCount, formatPercent, formatSeconds } from '../../util/format.js';
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
          rollback.switches.map((entry) => [
            offsetText(view, entry.at),
            entry.weights ? describeWeights(entry.weights.from) : entry.from,
            entry.weights ? describeWeights(entry.weights.to) : entry.to,
            entry.reason ?? MISSING,
          ]),
        );
  return section(
    'rollback',
    'Rollback',
    markup`<p class="section-verdict">${chip(rollback.verdict === 'pass')} ${rollback.verdict === 'pass' ? 'Every rule behaved as expected.' : 'At least one rule did not behave as expected.'}</p>
${rules}
${view.summary.canary ? canaryStages(view, view.summary.canary) : ''}
<h3>Router switches</h3>
${switches}`,
  );
}

function canaryStages(view: ReportView, canary: CanarySummary): Markup {
  const halted =
    canary.rolledBackAt === null
      ? ''
      : markup` A rollback at ${offsetText(view, canary.rolledBackAt)} halted the promotion.`;
  return markup`<h3>Canary stages</h3>
<p>${chip(canary.verdict === 'pass')} Green promoted every ${formatSeconds(canary.everySeconds)} (tolerance ${formatSeconds(canary.toleranceSeconds)}).${halted}</p>
${table(
  ['Stage', 'Green', 'Planned', 'Reached', 'Observed green share', 'Status'],
  canary.stages.map((stage) => [
    String(stage.stage),
    `${stage.greenPercent} %`,
    offsetText(view, stage.plannedAt),
    offsetText(view, stage.reachedAt),
    formatPercent(stage.observedGreenShare),
    chip(stage.pass, stage.status),
  ]),
)}`;
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
  ['Recovered after', formatSeconds(rule.recoverySeconds)],
  ['Switches to target', formatCount(rule.switchesToTarget)],
])}
<p class="explanation">${rule.explanation}</p>
</article>`;
}
