import type { RouterCostPath } from '../../journal/events.js';
import { formatMs } from '../../util/format.js';
import { markup, type Markup } from '../markup.js';
import { note, section, table } from './elements.js';
import type { ReportView } from './view.js';

const ROUTER_NAMES: Record<string, string> = { haproxy: 'HAProxy', nginx: 'nginx' };

/**
 * What the router itself adds to each colour's answers (medians through the router against the
 * same colour asked directly, measured during the baseline), and the fix when the router holds
 * back first tokens.
 */
export function routerCostSection({ summary }: ReportView): Markup | null {
  const cost = summary.routerCost;
  if (!cost) return null;
  const router = ROUTER_NAMES[cost.router] ?? 'the router';
  const verdict = cost.holdsBackFirstTokens
    ? note(
        'bad',
        markup`${router} holds back the first tokens of streamed answers: users wait for them longer than the model makes them wait. Fix: ${withCode(cost.fix ?? '')}`,
      )
    : note('info', markup`${router} passes first tokens on as they come.`);
  return section(
    'router-cost',
    "The router's own cost",
    markup`${verdict}${cost.note ? note('warning', cost.note) : null}${table(
      [
        'Colour',
        '#TTFT direct',
        '#TTFT via router',
        '#Added TTFT',
        '#Latency direct',
        '#Latency via router',
        '#Added latency',
        '#Requests direct / via router',
      ],
      cost.colours.map((row) => [
        row.colour,
        formatMs(row.direct.ttftP50Ms),
        formatMs(row.viaRouter.ttftP50Ms),
        formatAdded(row.addedTtftMs),
        formatMs(row.direct.latencyP50Ms),
        formatMs(row.viaRouter.latencyP50Ms),
        formatAdded(row.addedLatencyMs),
        `${requests(row.direct)} / ${requests(row.viaRouter)}`,
      ]),
    )}<p class="muted">Medians (p50) of ${cost.colours.reduce((sum, row) => sum + row.viaRouter.requests, 0)} requests through the router and their direct counterparts, sent alternately over ${(cost.durationMs / 1000).toFixed(1)} s during the baseline.</p>`,
  );
}

/** `quoted` configuration in a fix becomes <code>. */
function withCode(text: string): Markup {
  return markup`${text.split('`').map((part, index) => (index % 2 === 1 ? markup`<code>${part}</code>` : part))}`;
}

function formatAdded(ms: number | null): string {
  if (ms === null) return formatMs(null);
  return ms < 0 ? `−${formatMs(-ms)}` : `+${formatMs(ms)}`;
}

function requests(path: RouterCostPath): string {
  return path.errors > 0 ? `${path.requests} (${path.errors} failed)` : String(path.requests);
}
