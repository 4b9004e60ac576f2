import type { TriggerMeasurement, TriggerResult, TriggerVerdict } from '../../evaluate/summary.js';
import { formatOffset, formatSeconds } from '../../util/format.js';
import { markup } from '../markup.js';
import type { Markup } from '../markup.js';
import { secondsSince } from '../chart-annotations.js';
import { ruleVerdictWord } from '../words.js';
import { chip, facts, section } from './elements.js';
import { offsetText, type ReportView } from './view.js';

/** A trigger's verdict in words: a rollback rule's words, plus low traffic. */
export function triggerVerdictWord(verdict: TriggerVerdict): string {
  return verdict === 'low-traffic' ? 'low traffic' : ruleVerdictWord(verdict);
}

const KIND_WORDS = { argo: 'Argo AnalysisTemplate', flagger: 'Flagger Canary', 'prometheus-rules': 'Prometheus rules' };

/**
 * "Triggers": each team-owned trigger definition back-tested on this run — its verdict, when it
 * fired against when greenlight's condition held, its detection bound against the budget, and the
 * measurements it took on a timeline (an inline SVG: no script needed).
 */
export function triggersSection(view: ReportView): Markup | null {
  const triggers = view.summary.triggers;
  if (!triggers || triggers.length === 0) return null;
  const allPass = triggers.every((trigger) => trigger.pass);
  return section(
    'triggers',
    'Triggers',
    markup`<p class="section-verdict">${chip(allPass)} ${allPass ? 'Every trigger definition behaved as its rule expects.' : 'At least one trigger definition would not have behaved as its rule expects.'}</p>
<div class="cards">${triggers.map((trigger) => triggerCard(view, trigger))}</div>`,
  );
}

function triggerCard(view: ReportView, trigger: TriggerResult): Markup {
  const bound = markup`${formatSeconds(trigger.bound.seconds)} <span class="muted">(budget ${formatSeconds(trigger.budgetSeconds)})</span>`;
  return markup`<article class="card ${trigger.pass ? 'card-pass' : 'card-fail'}">
<header><h3>${trigger.name}</h3>${chip(trigger.pass, triggerVerdictWord(trigger.verdict))}</header>
<p class="condition">${KIND_WORDS[trigger.kind]} <code>${trigger.file}</code>, expected to match <strong>${trigger.expects}</strong>: <code>${trigger.condition}</code></p>
${facts([
  ['Condition met', offsetText(view, trigger.conditionMetAt)],
  ['Would ' + trigger.action, offsetText(view, trigger.firedAt)],
  [
    'Detection',
    markup`${formatSeconds(trigger.detectionSeconds)} <span class="muted">(budget ${formatSeconds(trigger.budgetSeconds)})</span>`,
  ],
  ['Detection bound', bound],
  ['Measurements', String(trigger.measurements.length)],
  ['Evaluated', trigger.evaluatedWith],
])}
${measurementChart(view, trigger)}
<p class="explanation">${trigger.explanation}</p>
<p class="muted">Bound: ${trigger.bound.formula}</p>
${trigger.why.length > 0 ? markup`<p>Why:</p><ul>${trigger.why.map((line) => markup`<li><code>${line}</code></li>`)}</ul>` : null}
${trigger.notes.length > 0 ? markup`<ul class="muted">${trigger.notes.map((line) => markup`<li>${line}</li>`)}</ul>` : null}
</article>`;
}

const WIDTH = 340;
const HEIGHT = 120;
const PAD = 24;
const OUTCOME_COLOURS: Record<TriggerMeasurement['outcome'], string> = {
  ok: '#15803d',
  failed: '#b91c1c',
  inconclusive: '#a16207',
  error: '#6b7280',
};

/** The trigger's measurements over the run: one dot per query (its first value), coloured by outcome. */
function measurementChart(view: ReportView, trigger: TriggerResult): Markup {
  const end = Math.max(1, view.timeline.recordedSeconds);
  const x = (t: number): number => PAD + ((WIDTH - 2 * PAD) * Math.min(Math.max(t, 0), end)) / end;
  const points = perColumn(
    trigger.measurements.map((measurement) => ({
      t: secondsSince(view.timeline.startMs, measurement.at),
      value: measurement.values.find((value) => Number.isFinite(value)),
      outcome: measurement.outcome,
    })),
    (point) => Math.round(x(point.t)),
  );
  const values = points.flatMap((point) => (point.value === undefined ? [] : [point.value]));
  const top = values.reduce((a, b) => Math.max(a, b), 0) || 1;
  const bottom = values.reduce((a, b) => Math.min(a, b), 0);
  const y = (value: number): number => HEIGHT - PAD - ((HEIGHT - 2 * PAD) * (value - bottom)) / (top - bottom || 1);
  const marker = (at: string | null, colour: string, label: string): Markup | null => {
    if (at === null) return null;
    const left = x(secondsSince(view.timeline.startMs, at));
    return markup`<line x1="${left}" x2="${left}" y1="${PAD / 2}" y2="${HEIGHT - PAD}" stroke="${colour}" stroke-dasharray="4 3"/><text x="${left + 3}" y="${PAD / 2 + 8}" font-size="10" fill="${colour}">${label}</text>`;
  };
  return markup`<figure class="chart"><figcaption>Measurements (first value of each; grey: error or no data) over the run, ${Number(end.toFixed(0))} s</figcaption>
<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="measurements of ${trigger.name}">
<line x1="${PAD}" x2="${WIDTH - PAD}" y1="${HEIGHT - PAD}" y2="${HEIGHT - PAD}" stroke="#9ca3af"/>
<text x="2" y="${PAD}" font-size="10" fill="#374151">${Number(top.toPrecision(3))}</text>
<text x="2" y="${HEIGHT - PAD}" font-size="10" fill="#374151">${Number(bottom.toPrecision(3))}</text>
${marker(trigger.conditionMetAt, '#c2410c', 'condition')}
${marker(trigger.firedAt, '#6d28d9', 'fired')}
${points.map((point) => markup`<circle cx="${x(point.t)}" cy="${y(point.value ?? bottom)}" r="3" fill="${OUTCOME_COLOURS[point.value === undefined ? 'error' : point.outcome]}"><title>${formatOffset(point.t)}: ${point.value ?? 'no data'} (${point.outcome})</title></circle>`)}
</svg></figure>`;
}

interface MeasurementPoint {
  t: number;
  value: number | undefined;
  outcome: TriggerMeasurement['outcome'];
}

/**
 * A day of 15-second queries is thousands of dots on a 340-wide chart: each pixel column keeps
 * its lowest and highest value and every point without one (an error stays visible).
 */
function perColumn(
  points: readonly MeasurementPoint[],
  columnOf: (point: MeasurementPoint) => number,
): MeasurementPoint[] {
  if (points.length <= 2 * WIDTH) return [...points];
  const columns = new Map<number, MeasurementPoint[]>();
  for (const point of points) {
    const column = columns.get(columnOf(point));
    if (column) column.push(point);
    else columns.set(columnOf(point), [point]);
  }
  return [...columns.values()].flatMap((column) => {
    const valued = column.filter((point) => point.value !== undefined).sort((a, b) => a.value! - b.value!);
    const extremes = valued.length <= 2 ? valued : [valued[0]!, valued.at(-1)!];
    const missing = column.find((point) => point.value === undefined);
    return missing ? [...extremes, missing] : extremes;
  });
}
