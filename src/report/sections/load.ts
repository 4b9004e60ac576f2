import type { LoadSummary, Percentiles } from '../../evaluate/summary.js';
import { formatCount, formatMs, formatPercent, formatRps } from '../../util/format.js';
import { markup } from '../markup.js';
import type { Markup } from '../markup.js';
import { facts, note, section, table } from './elements.js';
import type { ReportView } from './view.js';

export function loadSection({ summary }: ReportView): Markup {
  const { load } = summary;
  return section(
    'load',
    'Load',
    markup`${facts([
      ['Engine', load.engine],
      ['Requests', formatCount(load.requests)],
      ['Errors', `${formatCount(load.errors)} (${formatPercent(share(load.errors, load.requests))})`],
      ['Target rate', formatRps(load.targetRps)],
      ['Achieved rate', formatRps(load.achievedRps)],
      ['Dropped iterations', formatCount(load.droppedIterations)],
      ...tokenFacts(load),
    ])}
${load.droppedIterations > 0 ? note('warning', `${formatCount(load.droppedIterations)} planned arrivals could not start (no free slot): the target rate was not fully offered.`) : null}
${load.client?.bottleneck ? note('warning', `The load generator was the bottleneck: ${load.client.reasons.join('; ')}.`) : null}
<div class="columns">
<div><h3>Percentiles</h3>${percentileTable(load)}</div>
<div><h3>Outcomes</h3>${outcomeTable(load)}</div>
<div><h3>By colour</h3>${colourTable(load)}</div>
</div>`,
  );
}

/** Closed model, token throughput, how tokens were counted and goodput, when the run measured them. */
function tokenFacts(load: LoadSummary): [string, string][] {
  const facts: [string, string][] = [];
  if (load.model === 'closed') facts.push(['Model', `closed, ${load.concurrency ?? '?'} in flight`]);
  if (load.outputTokensPerSecond !== undefined)
    facts.push(['Output tokens/s', formatCount(load.outputTokensPerSecond)]);
  if (load.tokenCounting) facts.push(['Output tokens counted by', load.tokenCounting.outputTokens]);
  if (load.goodput)
    facts.push([
      'Goodput',
      `${formatPercent(load.goodput.ratio)} (${formatRps(load.goodput.rps)})${describeObjectives(load.goodput.objectives)}`,
    ]);
  return facts;
}

function describeObjectives(objectives: NonNullable<LoadSummary['goodput']>['objectives']): string {
  const parts = [
    objectives.ttftMs !== undefined ? `TTFT ≤ ${formatMs(objectives.ttftMs)}` : undefined,
    objectives.tpotMs !== undefined ? `TPOT ≤ ${formatMs(objectives.tpotMs)}` : undefined,
    objectives.e2eMs !== undefined ? `latency ≤ ${formatMs(objectives.e2eMs)}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? ', every successful request' : `, ${parts.join(', ')}`;
}

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function percentileTable(load: LoadSummary): Markup {
  const row = (label: string, values: Percentiles): string[] => [
    label,
    ...[values.p50, values.p90, values.p95, values.p99, values.max].map(formatMs),
  ];
  return table(
    ['', '#p50', '#p90', '#p95', '#p99', '#max'],
    [
      row('Latency', load.latencyMs),
      row('Time to first token', load.ttftMs),
      row('Inter-token latency', load.itlMs),
      ...(load.tpotMs ? [row('Time per output token', load.tpotMs)] : []),
      row('Schedule lag', load.scheduleLagMs),
    ],
  );
}

/** By HTTP status or error class, most frequent first. */
function outcomeTable(load: LoadSummary): Markup {
  const entries = Object.entries(load.outcomes).sort(([, a], [, b]) => b - a);
  if (entries.length === 0) return note('info', 'No request completed.');
  return table(
    ['Outcome', '#Requests', '#Share'],
    entries.map(([outcome, count]) => [outcome, formatCount(count), formatPercent(share(count, load.requests))]),
  );
}

function colourTable(load: LoadSummary): Markup {
  const entries = Object.entries(load.byColour);
  if (entries.length === 0) return note('info', 'No traffic was attributed to a colour.');
  return table(
    ['Colour', '#Requests', '#Errors', '#Error rate'],
    entries.map(([colour, { requests, errors }]) => [
      markup`<span class="swatch swatch-${colour}"></span>${colour}`,
      formatCount(requests),
      formatCount(errors),
      formatPercent(share(errors, requests)),
    ]),
  );
}
