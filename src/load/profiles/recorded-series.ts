import { InputError } from '../../errors.js';
import type { RangeSeries } from '../../metrics/prometheus.js';
import { parseTimestampMs, readCsvRows } from './recorded-text.js';

/** [seconds since the first point, requests per second]. */
export type SeriesPoint = [number, number];

/** A time column and a rate column, as read from a file: absolute times in ms. */
interface TimedValue {
  atMs: number;
  rps: number;
  /** The file and line (or point) it came from, for errors. */
  origin: string;
}

/**
 * A rate series from Grafana's CSV export (panel → Inspect → Data → Download CSV): a header row
 * ("Time" and one column per series), then one row per point. Time is epoch milliseconds
 * (Formatted data off) or a date-time such as '2026-03-02 09:00:00' (Formatted data on; the
 * dashboard's time zone does not matter, only differences do). The rate column is `column`, or
 * the first column after the time. An empty cell is a gap (the points around it are joined);
 * anything else that is not a number fails, naming the line.
 */
export function seriesFromGrafanaCsv(text: string, where: string, column?: string): SeriesPoint[] {
  const [header, ...rows] = readCsvRows(text, where);
  if (!header)
    throw new InputError(`${where}: the file is empty; expected Grafana's CSV export (Time, then a rate column)`);
  const names = header.fields.map((name) => name.trim());
  const timeIndex = Math.max(
    0,
    names.findIndex((name) => name.toLowerCase() === 'time'),
  );
  const valueIndex = column === undefined ? names.findIndex((_, index) => index !== timeIndex) : names.indexOf(column);
  if (valueIndex < 0) {
    const wanted = column === undefined ? 'a rate column after the time' : `a column "${column}"`;
    throw new InputError(
      `${where}:${header.line}: expected ${wanted}; the header has ${names.map((n) => `"${n}"`).join(', ')}`,
    );
  }
  const values: TimedValue[] = [];
  for (const row of rows) {
    const timeText = row.fields[timeIndex] ?? '';
    const valueText = row.fields[valueIndex] ?? '';
    if (valueText === '' || valueText.toLowerCase() === 'null') continue;
    const atMs = /^\d+(\.\d+)?$/.test(timeText) ? Number(timeText) : parseTimestampMs(timeText);
    if (atMs === undefined)
      throw new InputError(`${where}:${row.line}: time "${timeText}" is neither epoch milliseconds nor a date-time`);
    const origin = `${where}:${row.line}`;
    values.push({ atMs, rps: rateValue(valueText, origin), origin });
  }
  return toPoints(values, where);
}

/**
 * A rate series from Prometheus's `/api/v1/query_range` answer, saved as JSON (the whole answer
 * or its `data`): a matrix with exactly one series of [unix seconds, "value"] pairs. NaN points
 * are gaps.
 */
export function seriesFromPrometheusJson(text: string, where: string): SeriesPoint[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new InputError(`${where}: not JSON; expected a Prometheus /api/v1/query_range answer`);
  }
  const root = document as { status?: unknown; data?: unknown; resultType?: unknown };
  const data = (root.data ?? root) as { resultType?: unknown; result?: unknown };
  if (root.status !== undefined && root.status !== 'success')
    throw new InputError(`${where}: the saved answer has status "${String(root.status)}", not "success"`);
  if (data.resultType !== 'matrix' || !Array.isArray(data.result))
    throw new InputError(
      `${where}: expected a range query answer (resultType "matrix"), got ${String(data.resultType)}`,
    );
  const series = (data.result as { metric?: Record<string, string>; values?: unknown }[]).map((entry) => ({
    metric: entry.metric ?? {},
    values: (Array.isArray(entry.values) ? entry.values : []).map((pair: unknown, index: number): [number, number] => {
      const [seconds, value] = Array.isArray(pair) ? (pair as unknown[]) : [];
      if (typeof seconds !== 'number' || typeof value !== 'string')
        throw new InputError(`${where}: values[${index}]: expected [unix seconds, "value"]`);
      return [seconds, Number(value)];
    }),
  }));
  return seriesFromRange(series, where);
}

/** Points from range-query series (saved, or asked of a Prometheus): exactly one series. */
export function seriesFromRange(series: readonly RangeSeries[], where: string): SeriesPoint[] {
  if (series.length !== 1) {
    throw new InputError(
      `${where}: expected exactly one series, got ${series.length}; aggregate them in the query, e.g. sum(rate(...))`,
    );
  }
  const values = (series[0]?.values ?? [])
    .filter(([, value]) => !Number.isNaN(value))
    .map(([seconds, value], index) => {
      const origin = `${where}: point ${index + 1}`;
      return { atMs: seconds * 1000, rps: checkedRate(value, origin), origin };
    });
  return toPoints(values, where);
}

function rateValue(text: string, where: string): number {
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value))
    throw new InputError(
      `${where}: rate "${text}" is not a number (export with Formatted data off if it carries a unit)`,
    );
  return checkedRate(value, where);
}

function checkedRate(value: number, where: string): number {
  if (!Number.isFinite(value) || value < 0)
    throw new InputError(`${where}: rate ${value} is not a finite number of requests per second ≥ 0`);
  return value;
}

function toPoints(values: readonly TimedValue[], where: string): SeriesPoint[] {
  if (values.length === 0) throw new InputError(`${where}: the series holds no points`);
  const first = values[0]!.atMs;
  return values.map((value, index) => {
    if (index > 0 && value.atMs <= values[index - 1]!.atMs)
      throw new InputError(`${value.origin}: time goes backwards or repeats; expected increasing times`);
    return [(value.atMs - first) / 1000, value.rps];
  });
}
