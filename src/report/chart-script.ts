/**
 * The page's own script: reads the timeline from the JSON block and draws one Chart.js line
 * chart per `canvas[data-chart]`. Phase bands, fault windows and condition/switch lines come
 * from a small inline plugin (no chart.js plugin dependency). Long runs arrive thinned to about
 * one point pair per pixel column (see thin.ts), and their time axis reads in minutes or hours.
 * Plain ES2020, no template literals, so it can live in this string unchanged.
 */
export const CHART_SCRIPT = String.raw`
(function () {
  'use strict';
  var dataElement = document.getElementById('greenlight-data');
  if (!dataElement || typeof Chart === 'undefined') return;
  var timeline = JSON.parse(dataElement.textContent).timeline;
  if (timeline.recordedSeconds === 0) return;

  var INK = {
    blue: '#1d4ed8', green: '#15803d', all: '#6b7280', planned: '#111827', dropped: '#b91c1c',
    phaseShade: 'rgba(17, 24, 39, 0.05)', phaseLine: '#9ca3af', phaseText: '#374151',
    faultShade: 'rgba(220, 38, 38, 0.12)', faultBar: 'rgba(220, 38, 38, 0.7)', faultText: '#991b1b',
    condition: '#c2410c', switch: '#6d28d9', labelBackground: 'rgba(255, 255, 255, 0.85)'
  };
  var FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  var series = timeline.series;

  // A bucket covers [second, second + 1): x is its middle, or a thinned column's quarter points.
  function points(values) {
    return timeline.x.map(function (x, index) {
      var value = values[index];
      return { x: x, y: value === undefined ? null : value };
    });
  }

  var DURATION = Math.ceil(timeline.durationSeconds);
  function pad(number) { return number < 10 ? '0' + number : String(number); }
  // Seconds since the start as the axis writes them: seconds, m:ss, or h:mm on long runs.
  function axisTime(seconds) {
    var whole = Math.round(seconds);
    if (DURATION <= 600) return String(whole);
    if (DURATION < 3 * 3600) return Math.floor(whole / 60) + ':' + pad(whole % 60);
    return Math.floor(whole / 3600) + ':' + pad(Math.floor(whole % 3600 / 60));
  }
  function clockTime(seconds) {
    var whole = Math.floor(seconds);
    var text = pad(Math.floor(whole % 3600 / 60)) + ':' + pad(whole % 60);
    return whole >= 3600 ? Math.floor(whole / 3600) + ':' + text : text;
  }
  var AXIS_TITLE = DURATION <= 600 ? 'seconds since the run started'
    : DURATION < 3 * 3600 ? 'minutes:seconds since the run started' : 'hours:minutes since the run started';
  // Round steps, about 12 to 24 of them across the run.
  var STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  var STEP = STEPS.find(function (step) { return DURATION / step <= 24; }) || Math.ceil(DURATION / 24);
  function tooltipTitle(x) {
    var per = timeline.secondsPerColumn;
    if (per <= 1) return '+' + (DURATION <= 600 ? x + ' s' : clockTime(x));
    var start = Math.floor(x / per) * per;
    return '+' + clockTime(start) + ' to +' + clockTime(start + per) + ' (lowest and highest second)';
  }

  function line(label, colour, values, options) {
    return Object.assign({
      label: label, data: points(values), borderColor: colour, backgroundColor: colour,
      borderWidth: 2, pointRadius: 0, pointHoverRadius: 3, spanGaps: false, tension: 0, parsing: false
    }, options || {});
  }

  function fitText(ctx, text, width) {
    if (ctx.measureText(text).width <= width) return text;
    for (var length = text.length - 1; length > 0; length--) {
      var shorter = text.slice(0, length) + '…';
      if (ctx.measureText(shorter).width <= width) return shorter;
    }
    return '';
  }

  function drawBands(chart) {
    var ctx = chart.ctx, area = chart.chartArea, x = chart.scales.x;
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    ctx.clip();
    ctx.font = FONT;
    timeline.phases.forEach(function (band, index) {
      var from = x.getPixelForValue(band.from), to = x.getPixelForValue(band.to);
      if (index % 2 === 1) {
        ctx.fillStyle = INK.phaseShade;
        ctx.fillRect(from, area.top, to - from, area.bottom - area.top);
      }
      if (index > 0) {
        ctx.strokeStyle = INK.phaseLine;
        ctx.lineWidth = 1;
        ctx.setLineDash([3, 3]);
        ctx.beginPath();
        ctx.moveTo(from, area.top);
        ctx.lineTo(from, area.bottom);
        ctx.stroke();
      }
      ctx.fillStyle = INK.phaseText;
      ctx.textBaseline = 'top';
      ctx.fillText(fitText(ctx, band.label, to - from - 8), from + 4, area.top + 4);
    });
    ctx.setLineDash([]);
    timeline.faults.forEach(function (row) {
      row.windows.forEach(function (span) {
        var from = x.getPixelForValue(span.from), to = x.getPixelForValue(span.to);
        ctx.fillStyle = INK.faultShade;
        ctx.fillRect(from, area.top, Math.max(1, to - from), area.bottom - area.top);
      });
    });
    ctx.restore();
    drawFaultStrips(chart);
  }

  // Above the plot, one row per fault: a bar over each of its windows and its name, so the
  // names never sit on top of the data.
  var FAULT_ROW = 16;
  function drawFaultStrips(chart) {
    var ctx = chart.ctx, area = chart.chartArea, x = chart.scales.x;
    var count = timeline.faults.length;
    ctx.save();
    ctx.font = FONT;
    ctx.textBaseline = 'bottom';
    timeline.faults.forEach(function (row, index) {
      var rowTop = area.top - FAULT_ROW * (count - index) - 2;
      row.windows.forEach(function (span) {
        var from = Math.max(area.left, x.getPixelForValue(span.from));
        var to = Math.min(area.right, x.getPixelForValue(span.to));
        ctx.fillStyle = INK.faultBar;
        ctx.fillRect(from, rowTop + 12, Math.max(2, to - from), 3);
      });
      if (row.windows.length === 0) return;
      // The name starts at the first window, or ends at it when the plot has no room to its right.
      var label = 'fault: ' + row.label + (row.windows.length > 1 ? ' (' + row.windows.length + ' windows)' : '');
      var first = Math.max(area.left, x.getPixelForValue(row.windows[0].from));
      var roomRight = area.right - first - 4;
      var width = ctx.measureText(label).width;
      ctx.fillStyle = INK.faultText;
      if (width <= roomRight || first - area.left < roomRight) {
        ctx.fillText(fitText(ctx, label, roomRight), first + 2, rowTop + 11);
      } else {
        var end = Math.min(area.right, x.getPixelForValue(row.windows[0].to));
        ctx.textAlign = 'right';
        ctx.fillText(fitText(ctx, label, end - area.left - 4), end - 2, rowTop + 11);
        ctx.textAlign = 'left';
      }
    });
    ctx.restore();
  }

  function drawMarkers(chart) {
    var ctx = chart.ctx, area = chart.chartArea, x = chart.scales.x;
    var previous = null;
    ctx.save();
    ctx.font = FONT;
    timeline.markers.forEach(function (marker) {
      var at = x.getPixelForValue(marker.at);
      if (at < area.left || at > area.right) return;
      var colour = marker.kind === 'switch' ? INK.switch : INK.condition;
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2;
      ctx.setLineDash(marker.kind === 'switch' ? [] : [6, 4]);
      ctx.beginPath();
      ctx.moveTo(at, area.top);
      ctx.lineTo(at, area.bottom);
      ctx.stroke();
      // Labels run down the right of their line; a label close to the previous one starts
      // below it so the two never overprint, and one with no room left in the plot is not
      // drawn (the list above the charts names every marker).
      var start = area.top + 20;
      if (previous && at - previous.at < 16) start = previous.end + 8;
      var label = fitText(ctx, marker.label, area.bottom - start - 4);
      if (label === '') return;
      var width = ctx.measureText(label).width;
      ctx.save();
      ctx.translate(at + 3, start);
      ctx.rotate(Math.PI / 2);
      ctx.fillStyle = INK.labelBackground;
      ctx.fillRect(-2, -14, width + 4, 14);
      ctx.fillStyle = colour;
      ctx.textBaseline = 'bottom';
      ctx.fillText(label, 0, -2);
      ctx.restore();
      previous = { at: at, end: start + width };
    });
    ctx.restore();
  }

  var AXIS_WIDTH = 72;
  function fixedWidth(scale) { scale.width = AXIS_WIDTH; }

  var annotations = { id: 'greenlightAnnotations', beforeDatasetsDraw: drawBands, afterDatasetsDraw: drawMarkers };

  function plannedPoints() {
    return timeline.planned.map(function (step) { return { x: step.at, y: step.rps }; });
  }

  var DASHED = { borderDash: [6, 4] };
  var THIN = { borderWidth: 1.5 };
  var RIGHT_DASHED = { borderDash: [6, 4], yAxisID: 'right' };

  var builders = {
    rps: function () {
      var datasets = [
        line('blue', INK.blue, series.blue.rps),
        line('green', INK.green, series.green.rps),
        line('all traffic', INK.all, series.all.rps, THIN),
        Object.assign(line('planned', INK.planned, []), { data: plannedPoints(), stepped: true, borderDash: [6, 4], borderWidth: 1.5 })
      ];
      if (series.all.dropped.some(function (value) { return value > 0; })) {
        datasets.push(line('dropped', INK.dropped, series.all.dropped, { borderDash: [2, 3], borderWidth: 1.5 }));
      }
      return { datasets: datasets, unit: 'requests / s' };
    },
    errors: function () {
      return {
        datasets: [
          line('blue', INK.blue, series.blue.errorPercent),
          line('green', INK.green, series.green.errorPercent),
          line('all traffic', INK.all, series.all.errorPercent, THIN)
        ],
        unit: 'errors (%)',
        suggestedMax: 5
      };
    },
    latency: function () {
      return {
        datasets: [
          line('blue latency p99', INK.blue, series.blue.latencyP99Ms),
          line('green latency p99', INK.green, series.green.latencyP99Ms),
          line('blue TTFT p95', INK.blue, series.blue.ttftP95Ms, DASHED),
          line('green TTFT p95', INK.green, series.green.ttftP95Ms, DASHED)
        ],
        unit: 'milliseconds'
      };
    },
    itl: function () {
      return {
        datasets: [
          line('blue latency p50', INK.blue, series.blue.latencyP50Ms),
          line('green latency p50', INK.green, series.green.latencyP50Ms),
          line('blue mean ITL (right axis)', INK.blue, series.blue.itlMeanMs, RIGHT_DASHED),
          line('green mean ITL (right axis)', INK.green, series.green.itlMeanMs, RIGHT_DASHED)
        ],
        unit: 'latency (ms)',
        rightUnit: 'inter-token latency (ms)'
      };
    }
  };

  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Chart.defaults.color = '#1f2937';

  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var build = builders[canvas.getAttribute('data-chart')];
    if (!build) return;
    var spec = build();
    new Chart(canvas, {
      type: 'line',
      data: { datasets: spec.datasets },
      plugins: [annotations],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        normalized: true,
        layout: { padding: { top: 8 + FAULT_ROW * timeline.faults.length } },
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: {
            type: 'linear', min: 0, max: DURATION,
            title: { display: true, text: AXIS_TITLE },
            ticks: { stepSize: STEP, maxTicksLimit: 25, callback: axisTime }
          },
          y: {
            beginAtZero: true, suggestedMax: spec.suggestedMax, afterFit: fixedWidth,
            title: { display: true, text: spec.unit }
          },
          // Every chart keeps a right axis of the same width (blank where unused) so the
          // seconds line up from one chart to the next.
          right: {
            position: 'right', beginAtZero: true, afterFit: fixedWidth,
            grid: { drawOnChartArea: false, display: Boolean(spec.rightUnit) },
            border: { display: Boolean(spec.rightUnit) },
            ticks: { display: Boolean(spec.rightUnit) },
            title: { display: Boolean(spec.rightUnit), text: spec.rightUnit || '' }
          }
        },
        plugins: {
          // At the bottom: the space above the plot holds the fault rows.
          legend: { position: 'bottom', align: 'start', labels: { boxWidth: 26, boxHeight: 2, padding: 14 } },
          tooltip: {
            callbacks: {
              title: function (items) { return items.length > 0 ? tooltipTitle(items[0].parsed.x) : ''; }
            }
          }
        }
      }
    });
  });
})();
`;
