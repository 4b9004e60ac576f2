/**
 * Line charts described as data, for the pages that compare runs (diff, trend): each
 * `canvas[data-spec-chart="ID"]` is drawn from the chart of that id in the page's JSON block
 * (`{ charts: ChartSpec[] }`). The run report has its own script (chart-script.ts) for its
 * bands and fault strips.
 */
export interface SeriesSpec {
  label: string;
  colour: string;
  /** One value per x; null is a gap. */
  values: (number | null)[];
  dashed?: boolean;
  stepped?: boolean;
  /** Points only, no line between them. */
  pointsOnly?: boolean;
  /** Per-point colours (e.g. pass green, fail red). */
  pointColours?: string[];
  /** Points drawn as a large ring: a flagged regression. */
  flagged?: boolean[];
}

export interface ChartSpec {
  id: string;
  /** Seconds since a run's start, or one category per run (with a link for each). */
  x:
    | { kind: 'seconds'; values: number[]; title: string }
    | { kind: 'runs'; labels: string[]; links: string[]; title: string };
  yTitle: string;
  /** Text for particular y values (e.g. 1 → 'pass'); other ticks are hidden. */
  yLabels?: Record<string, string>;
  series: SeriesSpec[];
  /** Vertical lines at x positions (seconds charts). */
  markers?: { at: number; label: string; colour: string; dashed?: boolean }[];
}

/** Plain ES2020, no template literals: the page's script. */
export const SPEC_CHART_SCRIPT = String.raw`
(function () {
  'use strict';
  var dataElement = document.getElementById('greenlight-data');
  if (!dataElement || typeof Chart === 'undefined') return;
  var specs = JSON.parse(dataElement.textContent).charts || [];
  var FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Chart.defaults.color = '#1f2937';

  function drawMarkers(chart) {
    var markers = chart.options.greenlightMarkers || [];
    var ctx = chart.ctx, area = chart.chartArea, x = chart.scales.x;
    ctx.save();
    ctx.font = FONT;
    markers.forEach(function (marker, index) {
      var at = x.getPixelForValue(marker.at);
      if (at < area.left || at > area.right) return;
      ctx.strokeStyle = marker.colour;
      ctx.lineWidth = 2;
      ctx.setLineDash(marker.dashed ? [6, 4] : []);
      ctx.beginPath();
      ctx.moveTo(at, area.top);
      ctx.lineTo(at, area.bottom);
      ctx.stroke();
      ctx.fillStyle = marker.colour;
      ctx.textBaseline = 'top';
      ctx.fillText(marker.label, at + 4, area.top + 4 + 14 * (index % 3));
    });
    ctx.restore();
  }

  function dataset(series, spec) {
    var runs = spec.x.kind === 'runs';
    var flagged = series.flagged || [];
    var data = series.values.map(function (value, index) {
      return runs ? value : { x: spec.x.values[index], y: value };
    });
    return {
      label: series.label,
      data: data,
      borderColor: series.colour,
      backgroundColor: series.colour,
      borderDash: series.dashed ? [6, 4] : [],
      borderWidth: series.pointsOnly ? 0 : 2,
      showLine: !series.pointsOnly,
      stepped: series.stepped ? 'before' : false,
      spanGaps: false,
      tension: 0,
      pointRadius: runs ? flagged.map(function (flag) { return flag ? 9 : 5; }) : 0,
      pointHoverRadius: runs ? 9 : 3,
      pointBorderWidth: runs ? flagged.map(function (flag) { return flag ? 3 : 1; }) : 1,
      pointBackgroundColor: series.pointColours || series.colour,
      pointBorderColor: runs ? flagged.map(function (flag) { return flag ? '#b91c1c' : series.colour; }) : series.colour
    };
  }

  function yTicks(spec) {
    if (!spec.yLabels) return {};
    return {
      stepSize: 1,
      callback: function (value) { return spec.yLabels[String(value)] || ''; }
    };
  }

  specs.forEach(function (spec) {
    var canvas = document.querySelector('canvas[data-spec-chart="' + spec.id + '"]');
    if (!canvas) return;
    var runs = spec.x.kind === 'runs';
    new Chart(canvas, {
      type: 'line',
      data: { labels: runs ? spec.x.labels : undefined, datasets: spec.series.map(function (s) { return dataset(s, spec); }) },
      plugins: [{ id: 'greenlightMarkers', afterDatasetsDraw: drawMarkers }],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        greenlightMarkers: spec.markers || [],
        interaction: runs ? { mode: 'nearest', intersect: true } : { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: runs
            ? { type: 'category', title: { display: true, text: spec.x.title }, offset: true }
            : { type: 'linear', min: 0, title: { display: true, text: spec.x.title }, ticks: { maxTicksLimit: 20 } },
          y: {
            // The same axis width on every chart, so their x positions line up down the page.
            afterFit: function (scale) { scale.width = 72; },
            beginAtZero: true,
            suggestedMax: spec.yLabels ? 1.2 : undefined,
            title: { display: true, text: spec.yTitle },
            ticks: yTicks(spec)
          }
        },
        onHover: function (event, elements) {
          event.native.target.style.cursor = runs && elements.length > 0 ? 'pointer' : 'default';
        },
        onClick: function (event, elements) {
          if (!runs || elements.length === 0) return;
          var link = spec.x.links[elements[0].index];
          if (link) window.location.href = link;
        },
        plugins: {
          legend: { position: 'bottom', align: 'start', labels: { boxWidth: 26, boxHeight: 2, padding: 14 } },
          tooltip: {
            callbacks: {
              footer: function () { return runs ? 'click to open the run' : ''; }
            }
          }
        }
      }
    });
  });
})();
`;
