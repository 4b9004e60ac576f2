import { request } from 'undici';
import { EnvironmentError, InputError, errorMessage } from '../errors.js';

/** One series of a range query: its labels and [seconds since epoch, value] points. */
export interface RangeSeries {
  metric: Record<string, string>;
  values: [number, number][];
}

/** The answer to an instant query: a vector of labelled samples, or one scalar. */
export type InstantResult =
  { kind: 'vector'; series: { metric: Record<string, string>; value: number }[] } | { kind: 'scalar'; value: number };

export interface RangeQuery {
  query: string;
  /** ms since epoch. */
  start: number;
  end: number;
  stepMs: number;
}

const TIMEOUT_MS = 10_000;

/**
 * A small client for Prometheus's HTTP API: readiness, `/api/v1/query_range`, instant queries
 * (`/api/v1/query` at a given time), metric names and the raw samples of a series selector.
 */
export class PrometheusClient {
  readonly url: string;

  constructor(url: string) {
    this.url = url.replace(/\/+$/, '');
  }

  /** Resolves when Prometheus answers its readiness endpoint; an EnvironmentError otherwise. */
  async ready(): Promise<void> {
    try {
      const response = await request(`${this.url}/-/ready`, { headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
      await response.body.dump();
      if (response.statusCode !== 200) throw new Error(`GET /-/ready answered ${response.statusCode}`);
    } catch (error) {
      throw new EnvironmentError(`Prometheus at ${this.url} is not ready: ${errorMessage(error)}`, { cause: error });
    }
  }

  async queryRange(range: RangeQuery): Promise<RangeSeries[]> {
    const body = await this.post('query_range', {
      query: range.query,
      start: String(range.start / 1000),
      end: String(range.end / 1000),
      step: `${range.stepMs / 1000}s`,
    });
    return parseRangeResponse(body, range.query);
  }

  /** The query evaluated at one moment (ms since epoch; default now), as a rule or an analysis would ask it. */
  async query(query: string, at: number = Date.now()): Promise<InstantResult> {
    const body = await this.post('query', { query, time: String(at / 1000) });
    const type = (body as ApiResponse).data?.resultType;
    const result = resultOf(body, query, ['vector', 'scalar']);
    if (type === 'scalar') return { kind: 'scalar', value: sampleValue((result as [number, string])[1]) };
    return {
      kind: 'vector',
      series: (result as SeriesJson[]).map((series) => ({
        metric: series.metric ?? {},
        value: sampleValue(series.value?.[1] ?? 'NaN'),
      })),
    };
  }

  /** Names of the metrics with samples in [start, end] (ms since epoch). */
  async metricNames(start: number, end: number): Promise<string[]> {
    const form = new URLSearchParams({ start: String(start / 1000), end: String(end / 1000) });
    const names = resultOfData(await this.get(`label/__name__/values?${form.toString()}`), 'label values');
    return Array.isArray(names) ? names.filter((name): name is string => typeof name === 'string') : [];
  }

  /**
   * The raw samples a selector holds in (start, end], with the times they were scraped: a range
   * vector selector asked as an instant query at `end` (no step, no resampling).
   */
  async rawSamples(selector: string, start: number, end: number): Promise<RangeSeries[]> {
    const seconds = Math.max(1, Math.ceil((end - start) / 1000));
    const query = `${selector}[${seconds}s]`;
    return parseRangeResponse(await this.post('query', { query, time: String(end / 1000) }), query);
  }

  private async post(endpoint: 'query' | 'query_range', fields: Record<string, string>): Promise<unknown> {
    try {
      const response = await request(`${this.url}/api/v1/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        headersTimeout: TIMEOUT_MS,
        bodyTimeout: TIMEOUT_MS,
      });
      return await response.body.json();
    } catch (error) {
      throw new EnvironmentError(`Prometheus at ${this.url}: ${endpoint} failed: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }

  private async get(path: string): Promise<unknown> {
    try {
      const response = await request(`${this.url}/api/v1/${path}`, {
        headersTimeout: TIMEOUT_MS,
        bodyTimeout: TIMEOUT_MS,
      });
      return await response.body.json();
    } catch (error) {
      throw new EnvironmentError(`Prometheus at ${this.url}: GET ${path} failed: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }
}

interface ApiResponse {
  status?: string;
  error?: string;
  data?: {
    resultType?: string;
    result?: unknown;
  };
}

/** Prometheus writes sample values as strings, with `+Inf`, `-Inf` and `NaN` spelled its own way. */
export function sampleValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

type SeriesJson = { metric?: Record<string, string>; values?: [number, string][]; value?: [number, string] };

function parseRangeResponse(body: unknown, query: string): RangeSeries[] {
  const result = resultOf(body, query, ['matrix']) as SeriesJson[];
  return result.map((series) => ({
    metric: series.metric ?? {},
    values: (series.values ?? []).map(([t, value]) => [t, sampleValue(value)]),
  }));
}

/** The `data` of a successful answer; an InputError naming what was asked otherwise. */
function resultOfData(body: unknown, asked: string): unknown {
  const response = body as { status?: string; error?: string; data?: unknown };
  if (response.status !== 'success') {
    throw new InputError(`PromQL "${asked}": Prometheus refused it: ${response.error ?? 'no reason given'}`);
  }
  return response.data;
}

/** The `data.result` of a successful answer of one of the expected types; an InputError naming the query otherwise. */
function resultOf(body: unknown, query: string, types: readonly string[]): unknown {
  resultOfData(body, query);
  const response = body as ApiResponse;
  const type = response.data?.resultType;
  if (type === undefined || !types.includes(type)) {
    const expected = types.map((name) => (name === 'matrix' ? 'a range vector result (matrix)' : name)).join(' or ');
    throw new InputError(`PromQL "${query}": expected ${expected}, got ${type ?? 'nothing'}`);
  }
  return response.data?.result ?? [];
}

/** The Prometheus URL as given (any host: where Prometheus runs is the user's call), checked to be http(s). */
export function prometheusUrl(url: string, where: string): string {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = '';
  }
  if (protocol === 'http:' || protocol === 'https:') return url;
  throw new InputError(`${where}: expected an http(s) URL of Prometheus, e.g. http://127.0.0.1:9090, got "${url}"`);
}
