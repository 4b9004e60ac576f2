import { dirname, relative, resolve } from 'node:path';
import type { MetricComparison, RuleSide, RunComparison, RunFacts, SloSide } from '../compare/comparison.js';
import type { RunRecord } from '../compare/run-record.js';
import { writeFileAtomic } from './atomic-write.js';
import {
  formatCount,
  formatMs,
  formatMetricValue,
  formatOffset,
  formatPercent,
  formatSeconds,
  formatTimestamp,
  MISSING,
} from '../util/format.js';
import { markup, type Markup, type MarkupValue } from './markup.js';
import { renderPage } from './page.js';
import { chip, note, section, table } from './sections/elements.js';
import { SPEC_CHART_SCRIPT, type ChartSpec } from './spec-charts.js';
import { indexRun } from '../evaluate/run-index.js';
import { buildChartTimeline } from './chart-timeline.js';
import { thinValues, thinnedAxis } from './thin.js';
import { ruleVerdictWord, sloScope } from './words.js';

const INK = { a: '#1d4ed8', b: '#c2410c', plannedA: '#111827', plannedB: '#6b7280' };

/**
 * The comparison of two runs as a page: whether B reproduces A and what differs, then each
 * aspect side by side (rules, statistics, SLOs, faults, switches) and the two runs' timelines
 * charted over each other. Links to the runs' reports are relative to `pageDir`.
 */
export function renderDiffHtml(
  comparison: RunComparison,
  runs: { a: RunRecord; b: RunRecord },
  pageDir: string,
): string {
  const { a, b } = comparison;
  return renderPage({
    title: `${comparison.reproduced ? 'REPRODUCED' : 'DIFFERS'} · ${b.experiment} · greenlight diff`,
    css: DIFF_CSS,
    body: markup`${banner(comparison)}
${section('runs', 'Runs', runTable(comparison, pageDir))}
${section('differences', 'Differences', differenceTable(comparison))}
${section('rules', 'Rollback rules', ruleTable(comparison))}
${section('statistics', 'Latency, time to first token and errors', statisticsTable(comparison))}
${section('timelines', 'Timelines', charts())}
${section('slos', 'SLOs', sloTable(comparison))}
${section('faults', 'Fault timeline', faultTables(comparison))}
${section('switches', 'Router switches', switchTable(comparison))}
<footer>greenlight diff · B (${b.runId}) against A (${a.runId}) · times are offsets from each run's start · tolerances: ${formatSeconds(comparison.tolerances.timingSeconds)} for condition, switch and detection times, ${formatSeconds(comparison.tolerances.faultSeconds)} for fault steps; statistics at ${comparison.tolerances.confidence * 100} % confidence</footer>`,
    charts: { data: { charts: chartSpecs(comparison, runs) }, script: SPEC_CHART_SCRIPT },
  });
}

const DIFF_CSS = `
.verdict-word { font-size: 40px; }
.breaks { color: var(--fail); font-weight: 700; }
.noted { color: var(--muted); }
.run-a { color: ${INK.a}; font-weight: 700; }
.run-b { color: ${INK.b}; font-weight: 700; }
.side-by-side { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 0 24px; }
`;

function banner(comparison: RunComparison): Markup {
  const breaking = comparison.differences.filter((difference) => difference.breaksReproduction);
  const headline = comparison.reproduced
    ? `B reproduces A: verdicts, rules, SLOs, faults, switches and arrivals agree within the tolerances.`
    : `B does not reproduce A: ${breaking.length === 1 ? 'one difference' : `${breaking.length} differences`} beyond the tolerances.`;
  return markup`<header class="verdict ${comparison.reproduced ? 'verdict-pass' : 'verdict-fail'}" id="verdict">
<div class="verdict-word">${comparison.reproduced ? 'REPRODUCED' : 'NOT REPRODUCED'}</div>
<div class="verdict-body">
<h1>${comparison.b.experiment}: <span class="run-b">B</span> against <span class="run-a">A</span></h1>
<p class="verdict-headline">${headline}</p>
${breaking.length > 0 ? markup`<ul class="reasons">${breaking.map((difference) => markup`<li>${difference.message}</li>`)}</ul>` : null}
</div>
</header>`;
}

function runTable(comparison: RunComparison, pageDir: string): Markup {
  const row = (name: 'A' | 'B', run: RunFacts): MarkupValue[] => [
    markup`<span class="run-${name.toLowerCase()}">${name}</span>`,
    markup`<code>${run.runId}</code>`,
    run.experiment,
    String(run.seed),
    run.engine,
    formatTimestamp(run.startedAt),
    chip(run.verdict === 'pass'),
    run.endReason,
    formatCount(run.requests),
    formatCount(run.errors),
    run.dir === undefined ? MISSING : markup`<a href="${reportLink(pageDir, run.dir)}">report</a>`,
  ];
  return table(
    ['', 'Run', 'Experiment', 'Seed', 'Engine', 'Started', 'Verdict', 'End', '#Requests', '#Errors', ''],
    [row('A', comparison.a), row('B', comparison.b)],
  );
}

/** A run folder's index.html as a link from the page's folder (forward slashes, as URLs want). */
export function reportLink(pageDir: string, runDir: string): string {
  return relative(pageDir, resolve(runDir, 'index.html')).split('\\').join('/');
}

function differenceTable(comparison: RunComparison): Markup {
  if (comparison.differences.length === 0) return note('info', 'Nothing differs.');
  return table(
    ['', 'What', 'A', 'B', 'Why'],
    comparison.differences.map((difference) => [
      difference.breaksReproduction
        ? markup`<span class="breaks">breaks</span>`
        : markup`<span class="noted">noted</span>`,
      difference.subject,
      difference.a,
      difference.b,
      difference.message,
    ]),
  );
}

function ruleTable(comparison: RunComparison): Markup {
  if (comparison.rules.length === 0) return note('info', 'Neither run declares rollback rules.');
  const verdict = (side: RuleSide | null): MarkupValue =>
    side ? chip(side.pass, ruleVerdictWord(side.verdict)) : MISSING;
  const pair = (a: string, b: string): string => (a === b ? a : `${a} → ${b}`);
  return table(
    ['Rule', 'A', 'B', 'Condition met (A → B)', 'Switched (A → B)', 'Detection (A → B)', 'Budget', '#Lost (A → B)'],
    comparison.rules.map((rule) => [
      rule.name,
      verdict(rule.a),
      verdict(rule.b),
      pair(formatOffset(rule.a?.conditionMetAt ?? null), formatOffset(rule.b?.conditionMetAt ?? null)),
      pair(formatOffset(rule.a?.switchedAt ?? null), formatOffset(rule.b?.switchedAt ?? null)),
      pair(formatSeconds(rule.a?.detectionSeconds ?? null), formatSeconds(rule.b?.detectionSeconds ?? null)),
      formatSeconds(rule.a?.budgetSeconds ?? rule.b?.budgetSeconds ?? null),
      pair(
        String(rule.a?.failedRequestsDuringSwitch ?? MISSING),
        String(rule.b?.failedRequestsDuringSwitch ?? MISSING),
      ),
    ]),
  );
}

function statisticsTable(comparison: RunComparison): Markup {
  if (comparison.statistics.length === 0) return note('info', 'Neither run served any request.');
  const value = (item: MetricComparison, at: number | null): string =>
    item.metric === 'error-rate' ? formatPercent(at) : at === null ? MISSING : `p50 ${formatMs(at)}`;
  const effect = (item: MetricComparison): string => {
    if (item.effect === null) return MISSING;
    return item.metric === 'error-rate'
      ? `${item.effect >= 0 ? '+' : ''}${formatPercent(item.effect)}`
      : `×${item.effect.toFixed(3)}`;
  };
  const finding = (item: MetricComparison): MarkupValue =>
    item.finding === 'worse'
      ? markup`<span class="breaks">B worse</span>`
      : item.finding === 'better'
        ? markup`<span class="run-a">B better</span>`
        : markup`<span class="noted">${item.finding === 'not-enough-data' ? 'not enough data' : 'no real difference'}</span>`;
  return markup`${note('info', `B against A at ${comparison.tolerances.confidence * 100} % confidence, with the release gate's tests: a difference is real when the data show B slower, faster or failing more or less than A by more than the margin.`)}${table(
    ['Metric', 'Scope', 'Test', '#n A / B', '#A', '#B', '#Effect', '#Margin', 'Finding', 'Why'],
    comparison.statistics.map((item) => [
      item.metric,
      item.colour === 'all' ? 'all traffic' : item.colour,
      item.test === 'mann-whitney-u' ? 'Mann-Whitney U' : 'two-proportion z',
      `${formatCount(item.samplesA)} / ${formatCount(item.samplesB)}`,
      value(item, item.valueA),
      value(item, item.valueB),
      effect(item),
      `±${formatPercent(item.margin)}`,
      finding(item),
      item.explanation,
    ]),
  )}`;
}

function sloTable(comparison: RunComparison): Markup {
  if (comparison.slos.length === 0) return note('info', 'Neither run declares SLOs.');
  const side = (metric: string, value: SloSide | null): MarkupValue =>
    value === null ? MISSING : markup`${chip(value.pass)} ${formatMetricValue(metric, value.observed)}`;
  return table(
    ['SLO', 'Scope', 'Objective', 'A', 'B'],
    comparison.slos.map((slo) => [
      slo.name,
      sloScope(slo.colour, slo.phase),
      slo.objective,
      side(slo.metric, slo.a),
      side(slo.metric, slo.b),
    ]),
  );
}

function faultTables(comparison: RunComparison): Markup {
  const { a, b } = comparison.faults;
  if (a.length === 0 && b.length === 0) return note('info', 'Neither run injected faults.');
  const steps = (list: typeof a): Markup =>
    table(
      ['#At', 'Step', 'Fault', 'Detail'],
      list.map((step) => [
        formatOffset(step.at),
        step.action,
        `${step.name} (${step.kind} on ${step.target})`,
        step.description,
      ]),
    );
  return markup`<div class="side-by-side"><div><h3 class="run-a">A</h3>${steps(a)}</div><div><h3 class="run-b">B</h3>${steps(b)}</div></div>`;
}

function switchTable(comparison: RunComparison): Markup {
  const { a, b } = comparison.switches;
  if (a.length === 0 && b.length === 0) return note('info', 'The router did not switch in either run.');
  const count = Math.max(a.length, b.length);
  const describe = (step: (typeof a)[number] | undefined): string =>
    step ? `${formatOffset(step.at)}  ${step.from} → ${step.to}` : MISSING;
  return table(
    ['#', 'A', 'B'],
    Array.from({ length: count }, (_, index) => [String(index + 1), describe(a[index]), describe(b[index])]),
  );
}

const CHARTS: { id: string; title: string }[] = [
  {
    id: 'arrivals',
    title:
      'Arrivals per second: planned (black and grey, stepped; the same plan draws one line) and made (sent or dropped)',
  },
  { id: 'errors', title: 'Error rate per second, all traffic' },
  { id: 'latency', title: 'Latency p99 per second, all traffic' },
];

function charts(): Markup {
  return markup`<p class="chart-key">Run <span class="run-a">A</span> solid, run <span class="run-b">B</span> dashed; vertical lines are router switches.</p>
<div class="charts">${CHARTS.map(
    (chart) =>
      markup`<figure class="chart"><figcaption>${chart.title}</figcaption><div class="canvas-box"><canvas data-spec-chart="${chart.id}" role="img" aria-label="${chart.title}"></canvas></div></figure>`,
  )}</div>`;
}

function chartSpecs(comparison: RunComparison, runs: { a: RunRecord; b: RunRecord }): ChartSpec[] {
  const recorded = (record: RunRecord): number => indexRun(record.events)?.seconds.length ?? 0;
  const length = Math.max(
    recorded(runs.a),
    recorded(runs.b),
    comparison.arrivals.plannedA.length,
    comparison.arrivals.plannedB.length,
  );
  // Both runs on one axis, thinned alike: a day-long pair stays a chart's width of points.
  const axis = thinnedAxis(length);
  const timelineA = buildChartTimeline(runs.a.summary, runs.a.events, length);
  const timelineB = buildChartTimeline(runs.b.summary, runs.b.events, length);
  const x = {
    kind: 'seconds' as const,
    values: axis.x,
    title:
      axis.secondsPerColumn > 1
        ? `seconds since each run started (lowest and highest of every ${axis.secondsPerColumn} s)`
        : 'seconds since each run started',
  };
  const onAxis = (values: readonly (number | null)[]): (number | null)[] =>
    thinValues(
      Float64Array.from({ length }, (_, second) => values[second] ?? Number.NaN),
      axis,
    );
  const markers = [
    ...comparison.switches.a.map((step) => ({ at: step.at, label: `A: → ${step.to}`, colour: INK.a })),
    ...comparison.switches.b.map((step) => ({ at: step.at, label: `B: → ${step.to}`, colour: INK.b, dashed: true })),
  ];
  const pair = (label: string, a: (number | null)[], b: (number | null)[], extra = {}) => [
    { label: `A ${label}`, colour: INK.a, values: a, ...extra },
    { label: `B ${label}`, colour: INK.b, values: b, dashed: true, ...extra },
  ];
  return [
    {
      id: 'arrivals',
      x,
      yTitle: 'arrivals / s',
      series: [
        { label: 'A planned', colour: INK.plannedA, values: onAxis(comparison.arrivals.plannedA), stepped: true },
        {
          label: 'B planned',
          colour: INK.plannedB,
          values: onAxis(comparison.arrivals.plannedB),
          stepped: true,
          dashed: true,
        },
        ...pair('made', onAxis(comparison.arrivals.madeA), onAxis(comparison.arrivals.madeB)),
      ],
      markers,
    },
    {
      id: 'errors',
      x,
      yTitle: 'errors (%)',
      series: pair('errors', timelineA.series.all.errorPercent, timelineB.series.all.errorPercent),
      markers,
    },
    {
      id: 'latency',
      x,
      yTitle: 'milliseconds',
      series: pair('latency p99', timelineA.series.all.latencyP99Ms, timelineB.series.all.latencyP99Ms),
      markers,
    },
  ];
}

/** Writes the comparison page to `path` (atomically); returns the path. */
export async function writeDiffPage(
  path: string,
  comparison: RunComparison,
  runs: { a: RunRecord; b: RunRecord },
): Promise<string> {
  await writeFileAtomic(path, renderDiffHtml(comparison, runs, dirname(resolve(path))));
  return path;
}
