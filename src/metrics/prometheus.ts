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
    const form = new URLSearchParams({
      query: range.query,
      start: String(range.start / 1000),
      end: String(range.end / 1000),
      step: `${range.stepMs / 1000}s`,
    });
    let body: unknown;
    try {
      const response = await request(`${this.url}/api/v1/query_range`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        headersTimeout: TIMEOUT_MS,
        bodyTimeout: TIMEOUT_MS,
      });
      body = await response.body.json();
    } catch (error) {
      throw new EnvironmentError(`Prometheus at ${this.url}: query_range failed: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    return parseRangeResponse(body, range.query);
  }
}

interface ApiResponse {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: { metric?: Record<string, string>; values?: [number, string][] }[] };
}

function parseRangeResponse(body: unknown, query: string): RangeSeries[] {
  const response = body as ApiResponse;
  if (response.status !== 'success') {
    throw new InputError(`PromQL "${query}": Prometheus refused it: ${response.error ?? 'no reason given'}`);
  }
  if (response.data?.resultType !== 'matrix') {
    throw new InputError(
      `PromQL "${query}": expected a range vector result (matrix), got ${response.data?.resultType ?? 'nothing'}`,
    );
  }
  return (response.data.result ?? []).map((series) => ({
    metric: series.metric ?? {},
    values: (series.values ?? []).map(([t, value]) => [t, Number(value)]),
  }));
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
