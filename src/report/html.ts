import type { Summary } from '../evaluate/summary.js';
import { CHART_SCRIPT } from './chart-script.js';
import { formatTimestamp } from '../util/format.js';
import { markup } from './markup.js';
import { renderPage } from './page.js';
import { blindSpotSection } from './sections/blind-spot.js';
import { chartSection } from './sections/charts.js';
import { cleanupSection } from './sections/cleanup.js';
import { faultSection } from './sections/faults.js';
import { gateSection } from './sections/gate.js';
import { loadSection } from './sections/load.js';
import { rollbackSection } from './sections/rollback.js';
import { routerCostSection } from './sections/router-cost.js';
import { runFacts } from './sections/run-facts.js';
import { sloSection } from './sections/slos.js';
import { steadyStateSection } from './sections/steady-state.js';
import { triggersSection } from './sections/triggers.js';
import { verdictBanner } from './sections/verdict.js';
import type { ReportView } from './sections/view.js';
import type { ChartTimeline } from './chart-timeline.js';

/** index.html: self-contained (Chart.js, styles and data inlined). */
export function renderHtml(summary: Summary, timeline: ChartTimeline): string {
  const view: ReportView = { summary, timeline };
  const charted = timeline.recordedSeconds > 0;
  return renderPage({
    title: `${summary.verdict === 'pass' ? 'PASS' : 'FAIL'} · ${summary.experiment} · greenlight`,
    body: markup`${verdictBanner(view)}
${runFacts(view)}
${steadyStateSection(view)}
${rollbackSection(view)}
${triggersSection(view)}
${blindSpotSection(view)}
${gateSection(view)}
${chartSection(view)}
${sloSection(view)}
${faultSection(view)}
${cleanupSection(view)}
${loadSection(view)}
${routerCostSection(view)}
<footer>greenlight report · summary.json schema version ${summary.schemaVersion} · times are offsets from the run start (${formatTimestamp(summary.startedAt)})</footer>`,
    ...(charted ? { charts: { data: { timeline }, script: CHART_SCRIPT } } : {}),
  });
}
