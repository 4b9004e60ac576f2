import { formatOffset } from '../../util/format.js';
import { markup } from '../markup.js';
import type { Markup } from '../markup.js';
import { note, section } from './elements.js';
import type { ReportView } from './view.js';

/** The names the inline chart script (chart-script.ts) builds a chart for. */
const CHART_NAMES = ['rps', 'errors', 'latency', 'itl'] as const;
type ChartName = (typeof CHART_NAMES)[number];

const TITLES: Record<ChartName, string> = {
  rps: 'Requests per second, per colour, against the planned rate',
  errors: 'Error rate per colour',
  latency: 'Latency p99 (solid) and time to first token p95 (dashed)',
  itl: 'Latency p50 (solid, left axis) and mean inter-token latency (dashed, right axis)',
};

export function chartSection({ timeline }: ReportView): Markup {
  if (timeline.recordedSeconds === 0) {
    return section(
      'charts',
      'Timeline',
      note('info', 'No traffic was recorded in this run, so there is nothing to chart.'),
    );
  }
  return section(
    'charts',
    'Timeline',
    markup`${annotationKey(timeline.markers)}
<div class="charts">${CHART_NAMES.map(
      (name) =>
        markup`<figure class="chart"><figcaption>${TITLES[name]}</figcaption><div class="canvas-box"><canvas id="chart-${name}" data-chart="${name}" role="img" aria-label="${TITLES[name]}"></canvas></div></figure>`,
    )}</div>`,
  );
}

function annotationKey(markers: ReportView['timeline']['markers']): Markup {
  return markup`<div class="chart-key">
<span><span class="key key-phase"></span>phases (labelled at the top)</span>
<span><span class="key key-fault"></span>fault active (named above the plot)</span>
<span><span class="key key-condition"></span>rollback condition met</span>
<span><span class="key key-switch"></span>router switch</span>
</div>
${markers.length > 0 ? markup`<ul class="marker-list">${markers.map((marker) => markup`<li><span class="key key-${marker.kind}"></span>${formatOffset(marker.at)} ${marker.label}</li>`)}</ul>` : null}`;
}
