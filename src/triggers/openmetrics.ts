import type { RangeSeries } from '../metrics/prometheus.js';

/**
 * Raw samples as OpenMetrics text with timestamps, the input `promtool tsdb
 * create-blocks-from openmetrics` reads: one family per metric name (type unknown, so any name
 * is allowed), each series' samples in time order, `# EOF` at the end.
 */
export function toOpenMetrics(series: readonly RangeSeries[]): string {
  const families = new Map<string, RangeSeries[]>();
  for (const entry of series) {
    const name = entry.metric.__name__ ?? '';
    families.set(name, [...(families.get(name) ?? []), entry]);
  }
  const lines: string[] = [];
  for (const [name, members] of [...families].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`# TYPE ${name} unknown`);
    for (const member of members) {
      const labels = Object.entries(member.metric)
        .filter(([label]) => label !== '__name__')
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([label, value]) => `${label}="${escapeLabel(value)}"`)
        .join(',');
      const selector = labels === '' ? name : `${name}{${labels}}`;
      for (const [t, value] of [...member.values].sort(([a], [b]) => a - b)) {
        lines.push(`${selector} ${formatValue(value)} ${t}`);
      }
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

function escapeLabel(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
