import type { Summary } from '../evaluate/summary.js';
import { CHART_SCRIPT } from './chart-script.js';
import { chartJsSource } from './chartjs-source.js';
import { formatTimestamp } from '../util/format.js';
import { markup, trusted } from './markup.js';
import { inlineScript, jsonForScript } from './script-safety.js';
import { chartSection } from './sections/charts.js';
import { cleanupSection } from './sections/cleanup.js';
import { faultSection } from './sections/faults.js';
import { gateSection } from './sections/gate.js';
import { loadSection } from './sections/load.js';
import { rollbackSection } from './sections/rollback.js';
import { runFacts } from './sections/run-facts.js';
import { sloSection } from './sections/slos.js';
import { verdictBanner } from './sections/verdict.js';
import type { ReportView } from './sections/view.js';
import { REPORT_CSS } from './style.js';
import type { ChartTimeline } from './chart-timeline.js';

// The page may load nothing: a report must open offline and never phone home.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/** index.html: self-contained (Chart.js, styles and data inlined). */
export function renderHtml(summary: Summary, timeline: ChartTimeline): string {
  const view: ReportView = { summary, timeline };
  const charted = timeline.recordedSeconds > 0;
  const page = markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${summary.verdict === 'pass' ? 'PASS' : 'FAIL'} · ${summary.experiment} · greenlight</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>
<main>
${verdictBanner(view)}
${runFacts(view)}
${rollbackSection(view)}
${gateSection(view)}
${chartSection(view)}
${sloSection(view)}
${faultSection(view)}
${cleanupSection(view)}
${loadSection(view)}
<footer>greenlight report · summary.json schema version ${summary.schemaVersion} · times are offsets from the run start (${formatTimestamp(summary.startedAt)})</footer>
</main>
${
  charted
    ? markup`<script type="application/json" id="greenlight-data">${jsonForScript({ timeline })}</script>
<script>${inlineScript(chartJsSource())}</script>
<script>${inlineScript(CHART_SCRIPT)}</script>`
    : null
}
</body>
</html>
`;
  return page.text;
}
