import { request } from 'undici';
import { EnvironmentError, InputError, errorMessage } from '../errors.js';

/** One series of a range query: its labels and [seconds since epoch, value] points. */
export interface RangeSeries {
  metric: Record<string, string>;
  values: [number, number][];
}

export interface RangeQuery {
  query: string;
  /** ms since epoch. */
  start: number;
  end: number;
  stepMs: number;
}

const TIMEOUT_MS = 10_000;

/** A small client for Prometheus's HTTP API: readiness and `/api/v1/query_range`. */
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

  /** An instant query now: each series of a vector with its value (a scalar is one series without labels). */
  async query(query: string): Promise<InstantSample[]> {
    return parseInstantResponse(await this.post('query', { query }), query);
  }

  private async post(endpoint: 'query' | 'query_range', form: Record<string, string>): Promise<unknown> {
    try {
      const response = await request(`${this.url}/api/v1/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
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
}

/** One series of an instant query. */
export interface InstantSample {
  metric: Record<string, string>;
  value: number;
}

interface ApiResponse {
  status?: string;
  error?: string;
  data?: {
    resultType?: string;
    result?: unknown;
  };
}

type SeriesJson = { metric?: Record<string, string>; values?: [number, string][]; value?: [number, string] };

function parseRangeResponse(body: unknown, query: string): RangeSeries[] {
  const result = resultOf(body, query, ['matrix']) as SeriesJson[];
  return result.map((series) => ({
    metric: series.metric ?? {},
    values: (series.values ?? []).map(([t, value]) => [t, Number(value)]),
  }));
}

function parseInstantResponse(body: unknown, query: string): InstantSample[] {
  const response = body as ApiResponse;
  const result = resultOf(body, query, ['vector', 'scalar']);
  if (response.data?.resultType === 'scalar') return [{ metric: {}, value: Number((result as [number, string])[1]) }];
  return (result as SeriesJson[]).map((series) => ({ metric: series.metric ?? {}, value: Number(series.value?.[1]) }));
}

/** The `data.result` of a successful answer of one of the expected types; an InputError naming the query otherwise. */
function resultOf(body: unknown, query: string, types: readonly string[]): unknown {
  const response = body as ApiResponse;
  if (response.status !== 'success') {
    throw new InputError(`PromQL "${query}": Prometheus refused it: ${response.error ?? 'no reason given'}`);
  }
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
