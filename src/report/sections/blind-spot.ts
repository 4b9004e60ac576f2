import type { BlindSpotRule, BlindSpotSummary } from '../../evaluate/summary.js';
import { formatCount, formatPercent } from '../../util/format.js';
import { markup, type Markup } from '../markup.js';
import { chip, note, section, table } from './elements.js';
import { offsetText, type ReportView } from './view.js';

const FINDING_WORDS: Record<BlindSpotRule['finding'], string> = {
  blind: 'blind',
  later: 'later',
  seen: 'sees it',
  'not-met': 'nothing to see',
  'not-applicable': 'not affected',
};

/**
 * Failures inside 200 answers (a stream cut off, an error event mid-stream): users lose the
 * request, a router or a trigger that reads status codes sees a success.
 */
export function blindSpotSection(view: ReportView): Markup | null {
  const blindSpot = view.summary.blindSpot;
  if (!blindSpot) return null;
  const hidden = blindSpot.figures.reduce((sum, figure) => sum + figure.invisible, 0);
  const intro = note(
    hidden > 0 ? 'warning' : 'info',
    hidden > 0
      ? `${formatCount(hidden)} failed requests had status 200 (${blindSpot.outcomes.join(', ')}): users lost them, but a router or a trigger that counts status codes saw successes.`
      : `No failure was hidden inside a 200 answer (${blindSpot.outcomes.join(', ')}): status codes told the whole story.`,
  );
  return section(
    'blind-spot',
    'What a router cannot see',
    markup`${intro}${figures(blindSpot)}${rules(view, blindSpot)}`,
  );
}

function figures(blindSpot: BlindSpotSummary): Markup {
  return table(
    ['Colour', 'Phase', '#Requests', '#Failed', '#Inside a 200', '#Of requests', '#Of failures', 'By class'],
    blindSpot.figures
      .filter((figure) => figure.requests > 0)
      .map((figure) => [
        markup`<span class="swatch swatch-${figure.colour}"></span>${figure.colour}`,
        figure.phase,
        formatCount(figure.requests),
        formatCount(figure.errors),
        figure.invisible > 0 ? markup`<span class="bad">${formatCount(figure.invisible)}</span>` : '0',
        formatPercent(figure.invisibleRate),
        formatPercent(figure.invisibleShareOfErrors),
        Object.entries(figure.byOutcome)
          .map(([outcome, count]) => `${outcome} ${formatCount(count)}`)
          .join(', '),
      ]),
  );
}

function rules(view: ReportView, blindSpot: BlindSpotSummary): Markup | null {
  if (blindSpot.rules.length === 0) return null;
  return markup`<h3>Would a status-code trigger have fired?</h3>${table(
    ['Rule', 'Condition', 'Held (all failures)', 'Held (status codes only)', 'Trigger', 'Why'],
    blindSpot.rules.map((rule) => [
      rule.rule,
      markup`<code>${rule.condition}</code>`,
      offsetText(view, rule.metAt),
      offsetText(view, rule.metOnStatusCodesAt),
      rule.finding === 'blind' || rule.finding === 'later'
        ? chip(false, FINDING_WORDS[rule.finding])
        : chip(true, FINDING_WORDS[rule.finding]),
      rule.explanation,
    ]),
  )}`;
}
