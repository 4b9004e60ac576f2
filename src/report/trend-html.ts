import { dirname, resolve } from 'node:path';
import type { Trend, TrendRun } from '../compare/trend.js';
import { writeFileAtomic } from './atomic-write.js';
import { reportLink } from './diff-html.js';
import { formatCount, formatMs, formatPercent, formatSeconds, formatTimestamp } from '../util/format.js';
import { markup, type Markup, type MarkupValue } from './markup.js';
import { renderPage } from './page.js';
import { chip, note, section, table } from './sections/elements.js';
import { SPEC_CHART_SCRIPT, type ChartSpec, type SeriesSpec } from './spec-charts.js';
import { ruleVerdictWord } from './words.js';

const INK = { blue: '#1d4ed8', green: '#15803d', pass: '#15803d', fail: '#b91c1c' };
const RULE_INK = ['#6d28d9', '#c2410c', '#0f766e', '#a16207', '#be185d'];

const CHARTS: { id: string; title: string }[] = [
  { id: 'verdicts', title: 'Verdict of each run' },
  { id: 'detection', title: 'Rollback detection time of each rule (solid) against its budget (dashed)' },
  { id: 'lost', title: 'Requests lost from the condition until traffic had moved, per rule' },
  { id: 'latency', title: 'Latency p99 per colour' },
  { id: 'ttft', title: 'Time to first token p99 per colour' },
  { id: 'errors', title: 'Error rate per colour' },
];

/**
 * One scenario across its runs: a chart per figure with each run a point that opens its report,
 * regressions against the baseline drawn as red rings and listed, and a table of every run.
 * Links are relative to `pageDir`, so the page works wherever the folder is unpacked.
 */
export function renderTrendHtml(trend: Trend, pageDir: string): string {
  const latest = trend.runs.at(-1);
  return renderPage({
    title: `${trend.experiment} across ${trend.runs.length} runs · greenlight trend`,
    css: TREND_CSS,
    body: markup`${banner(trend, latest)}
${section('charts', 'Across runs', charts(trend))}
${section('runs', 'Runs', runTable(trend, pageDir))}
<footer>greenlight trend · ${trend.runs.length} runs of ${trend.experiment} · each run is compared with ${baselineWords(trend)}: a red ring marks a regression (verdict or rule turned to fail, a detection time over the baseline's median by more than 2 s, more requests lost during the switch, latency, TTFT or errors worse by the release gate's tests)</footer>`,
    charts: { data: { charts: chartSpecs(trend, pageDir) }, script: SPEC_CHART_SCRIPT },
  });
}

const TREND_CSS = `
.regressions { margin: 0; padding-left: 16px; }
#runs td:first-child { white-space: nowrap; }
#runs td:last-child { width: 40%; }
#runs td ul { list-style: none; padding-left: 0; }
#runs td ul.regressions { list-style: disc; padding-left: 16px; }
.canvas-box { height: 260px; }
td ul { margin: 0; }
.verdict-word { font-size: 40px; }
`;

function baselineWords(trend: Trend): string {
  return trend.baselineRuns === 1
    ? 'the run before it'
    : `the ${trend.baselineRuns} runs before it (median, pooled samples)`;
}

function banner(trend: Trend, latest: TrendRun | undefined): Markup {
  if (!latest) return markup`<h1>${trend.experiment}</h1>`;
  const regressed = latest.regressions.length > 0;
  const failed = latest.verdict === 'fail';
  const headline = regressed
    ? `The latest run (${formatTimestamp(latest.startedAt)}) regressed against ${baselineWords(trend)}:`
    : `The latest run (${formatTimestamp(latest.startedAt)}) ${failed ? 'failed' : 'passed'}, with no regression against ${baselineWords(trend)}.`;
  return markup`<header class="verdict ${regressed || failed ? 'verdict-fail' : 'verdict-pass'}" id="verdict">
<div class="verdict-word">${regressed ? 'REGRESSED' : latest.verdict === 'pass' ? 'PASS' : 'FAIL'}</div>
<div class="verdict-body">
<h1>${trend.experiment} across ${trend.runs.length} runs</h1>
<p class="verdict-headline">${headline}</p>
${regressed ? markup`<ul class="reasons">${latest.regressions.map((item) => markup`<li>${item.message}</li>`)}</ul>` : null}
</div>
</header>`;
}

function charts(trend: Trend): Markup {
  if (trend.runs.length === 0) return note('info', 'No runs to chart.');
  return markup`<p class="chart-key">Each point is a run: click it to open its report. A red ring marks a regression against ${baselineWords(trend)}.</p>
<div class="charts">${CHARTS.map(
    (chart) =>
      markup`<figure class="chart"><figcaption>${chart.title}</figcaption><div class="canvas-box"><canvas data-spec-chart="${chart.id}" role="img" aria-label="${chart.title}"></canvas></div></figure>`,
  )}</div>`;
}

function chartSpecs(trend: Trend, pageDir: string): ChartSpec[] {
  const { runs } = trend;
  const x = {
    kind: 'runs' as const,
    labels: runs.map((run) => formatTimestamp(run.startedAt).slice(0, 16)),
    links: runs.map((run) => reportLink(pageDir, run.dir)),
    title: 'run (start, UTC)',
  };
  const flaggedBy = (match: (subject: string) => boolean): boolean[] =>
    runs.map((run) => run.regressions.some((item) => match(item.subject)));
  const ruleNames = [...new Set(runs.flatMap((run) => run.rules.map((rule) => rule.name)))];
  const ruleOf = (run: TrendRun, name: string) => run.rules.find((rule) => rule.name === name);
  const perColour = (
    id: string,
    yTitle: string,
    metric: 'latency' | 'ttft' | 'error-rate',
    value: (run: TrendRun, colour: 'blue' | 'green') => number | null,
  ): ChartSpec => ({
    id,
    x,
    yTitle,
    series: (['blue', 'green'] as const).map((colour) => ({
      label: colour,
      colour: INK[colour],
      values: runs.map((run) => value(run, colour)),
      flagged: flaggedBy((subject) => subject === `${metric} (${colour})`),
    })),
  });
  return [
    {
      id: 'verdicts',
      x,
      yTitle: 'verdict',
      yLabels: { '0': 'fail', '1': 'pass' },
      series: [
        {
          label: 'verdict',
          colour: '#6b7280',
          values: runs.map((run) => (run.verdict === 'pass' ? 1 : 0)),
          pointColours: runs.map((run) => (run.verdict === 'pass' ? INK.pass : INK.fail)),
          flagged: flaggedBy((subject) => subject === 'verdict'),
        },
      ],
    },
    {
      id: 'detection',
      x,
      yTitle: 'seconds',
      series: ruleNames.flatMap((name, index): SeriesSpec[] => {
        const colour = RULE_INK[index % RULE_INK.length] as string;
        return [
          {
            label: `${name}: detection`,
            colour,
            values: runs.map((run) => ruleOf(run, name)?.detectionSeconds ?? null),
            pointColours: runs.map((run) => (ruleOf(run, name)?.pass === false ? INK.fail : colour)),
            flagged: flaggedBy((subject) => subject === `rule "${name}"`),
          },
          {
            label: `${name}: budget`,
            colour,
            dashed: true,
            values: runs.map((run) => ruleOf(run, name)?.budgetSeconds ?? null),
          },
        ];
      }),
    },
    {
      id: 'lost',
      x,
      yTitle: 'requests',
      series: ruleNames.map((name, index) => ({
        label: name,
        colour: RULE_INK[index % RULE_INK.length] as string,
        values: runs.map((run) => ruleOf(run, name)?.lostDuringSwitch ?? null),
        flagged: flaggedBy((subject) => subject === `rule "${name}"`),
      })),
    },
    perColour('latency', 'milliseconds', 'latency', (run, colour) => run.colours[colour].latencyP99Ms),
    perColour('ttft', 'milliseconds', 'ttft', (run, colour) => run.colours[colour].ttftP99Ms),
    perColour('errors', 'errors (%)', 'error-rate', (run, colour) => {
      const rate = run.colours[colour].errorRate;
      return rate === null ? null : Math.round(rate * 10_000) / 100;
    }),
  ];
}

function runTable(trend: Trend, pageDir: string): Markup {
  const colours = (run: TrendRun): Markup =>
    markup`<ul>${(['blue', 'green'] as const).map((colour) => {
      const figures = run.colours[colour];
      return markup`<li><span class="swatch swatch-${colour}"></span>${formatMs(figures.latencyP99Ms)}, ${formatMs(figures.ttftP99Ms)}, ${formatPercent(figures.errorRate)}</li>`;
    })}</ul>`;
  const rows = [...trend.runs]
    .reverse()
    .map((run): MarkupValue[] => [
      markup`<a href="${reportLink(pageDir, run.dir)}">${formatTimestamp(run.startedAt)}</a>`,
      chip(run.verdict === 'pass'),
      markup`<ul>${run.rules.map((rule) => markup`<li>${rule.name}: ${chip(rule.pass, ruleVerdictWord(rule.verdict))} ${formatSeconds(rule.detectionSeconds)} / ${formatSeconds(rule.budgetSeconds)}, ${formatCount(rule.lostDuringSwitch)} lost</li>`)}</ul>`,
      colours(run),
      run.regressions.length === 0
        ? markup`<span class="muted">none</span>`
        : markup`<ul class="regressions">${run.regressions.map((item) => markup`<li class="bad">${item.message}</li>`)}</ul>`,
    ]);
  return table(
    [
      'Run (newest first)',
      'Verdict',
      'Rules: detection / budget, lost',
      'Latency p99, TTFT p99, errors',
      'Regressions',
    ],
    rows,
  );
}

/** Writes the trend page (atomically); returns its path. */
export async function writeTrendPage(path: string, trend: Trend): Promise<string> {
  await writeFileAtomic(path, renderTrendHtml(trend, dirname(resolve(path))));
  return path;
}
