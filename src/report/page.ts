import { chartJsSource } from './chartjs-source.js';
import { markup, trusted, type Markup } from './markup.js';
import { inlineScript, jsonForScript } from './script-safety.js';
import { REPORT_CSS } from './style.js';

// The page may load nothing: a report must open offline and never phone home.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

export interface PageParts {
  title: string;
  body: Markup;
  /** CSS added after the report's own. */
  css?: string;
  /** Data for the page's scripts, in a JSON block with id "greenlight-data"; with it come Chart.js and `script`. */
  charts?: { data: unknown; script: string };
}

/** A self-contained greenlight page: styles, data and scripts (Chart.js included) inlined. */
export function renderPage(parts: PageParts): string {
  const page = markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${parts.title}</title>
<style>${trusted(REPORT_CSS)}${trusted(parts.css ?? '')}</style>
</head>
<body>
<main>
${parts.body}
</main>
${
  parts.charts
    ? markup`<script type="application/json" id="greenlight-data">${jsonForScript(parts.charts.data)}</script>
<script>${inlineScript(chartJsSource())}</script>
<script>${inlineScript(parts.charts.script)}</script>`
    : null
}
</body>
</html>
`;
  return page.text;
}
