import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrometheusClient, RangeSeries } from '../metrics/prometheus.js';
import { toOpenMetrics } from './openmetrics.js';
import { queryRangeMs } from './query-range.js';

/** The run folder's recording of the series the triggers' queries read. */
export const TRIGGER_SERIES_FILE = 'trigger-series.openmetrics';

export interface RecordOptions {
  client: PrometheusClient;
  runDir: string;
  /** Every query of every trigger of the run. */
  queries: readonly string[];
  /** The run's window, ms since epoch. */
  start: number;
  end: number;
}

export interface Recording {
  file: string;
  metricNames: string[];
  series: number;
  samples: number;
}

/**
 * At the end of a run: keeps, in the run folder, the raw samples (with their scrape times) of
 * every metric the triggers' queries name, from one query range before the run's start to its end,
 * so `greenlight triggers check` can replay any edited definition on them later. The metric names
 * are those Prometheus holds for the window that occur in a query as a whole name.
 */
export async function recordTriggerSeries(options: RecordOptions): Promise<Recording> {
  const { client, queries } = options;
  const lookBack = Math.max(0, ...queries.map(queryRangeMs));
  const start = options.start - lookBack;
  const known = await client.metricNames(start, options.end);
  const names = known.filter((name) => queries.some((query) => mentions(query, name)));
  const series: RangeSeries[] = [];
  for (const name of names) series.push(...(await client.rawSamples(`{__name__="${name}"}`, start, options.end)));
  const file = join(options.runDir, TRIGGER_SERIES_FILE);
  await writeFile(file, toOpenMetrics(series));
  return {
    file,
    metricNames: names,
    series: series.length,
    samples: series.reduce((sum, entry) => sum + entry.values.length, 0),
  };
}

/** A metric name written in the query as a whole name (not part of a longer one). */
function mentions(query: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9_:])${escaped}(?![A-Za-z0-9_:])`).test(query);
}
