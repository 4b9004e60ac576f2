import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import type { Dispatcher } from 'undici';
import { errorMessage } from '../../errors.js';
import { COLOUR_HEADER } from '../../shared/colour.js';
import type { Colour } from '../../shared/colour.js';
import type { RequestOutcome } from './observation-window.js';
import type { Upstream } from './upstream.js';

export interface ProxyContext {
  /** Chooses the colour of the next request. */
  pick(): Colour;
  upstreams: Record<Colour, Upstream>;
  /** Called once per request that ended, unless the client left first. */
  record(colour: Colour, at: number, outcome: RequestOutcome): void;
  upstreamTimeoutMs: number;
}

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1), and never pass a proxy. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** The upstream gets its own Host; `expect` would make undici wait for a 100-continue. */
const NOT_FORWARDED_UPSTREAM = new Set(['host', 'expect']);
/** The router states the colour itself. */
const NOT_FORWARDED_DOWNSTREAM = new Set([COLOUR_HEADER]);

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'ETIMEDOUT']);

function passableHeaders(
  headers: IncomingHttpHeaders,
  dropped: ReadonlySet<string>,
): Record<string, string | string[]> {
  const namedInConnection = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter((token) => token !== ''),
  );
  const passed: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || dropped.has(name) || namedInConnection.has(name)) continue;
    passed[name] = value;
  }
  return passed;
}

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isTimeout(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' && TIMEOUT_CODES.has(code);
}

function sendUpstreamFailure(response: ServerResponse, upstream: Upstream, error: unknown): void {
  const timedOut = isTimeout(error);
  const body = JSON.stringify({
    error: {
      type: timedOut ? 'upstream_timeout' : 'bad_gateway',
      message: `${upstream.colour} upstream ${upstream.origin}: ${errorMessage(error)}`,
    },
  });
  response.writeHead(timedOut ? 504 : 502, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    [COLOUR_HEADER]: upstream.colour,
  });
  response.end(body);
}

/**
 * Forwards one request to the colour the picker chooses and streams the answer back chunk by
 * chunk, so SSE and NDJSON tokens reach the client as the upstream sends them. A client that
 * leaves aborts the upstream request and is not counted: it says nothing about the upstream.
 */
export async function forward(
  request: IncomingMessage,
  response: ServerResponse,
  context: ProxyContext,
): Promise<void> {
  const started = performance.now();
  const colour = context.pick();
  const upstream = context.upstreams[colour];
  let ttftMs: number | undefined;
  const finish = (error: boolean): void =>
    context.record(colour, Date.now(), { error, latencyMs: performance.now() - started, ttftMs });

  const clientGone = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) clientGone.abort();
  });

  let answer: Dispatcher.ResponseData;
  try {
    answer = await upstream.pool.request({
      path: upstream.pathFor(request.url ?? '/'),
      method: request.method ?? 'GET',
      headers: passableHeaders(request.headers, NOT_FORWARDED_UPSTREAM),
      body: hasBody(request) ? request : null,
      signal: clientGone.signal,
      headersTimeout: context.upstreamTimeoutMs,
      bodyTimeout: context.upstreamTimeoutMs,
    });
  } catch (error) {
    if (clientGone.signal.aborted) return;
    finish(true);
    sendUpstreamFailure(response, upstream, error);
    return;
  }

  response.writeHead(answer.statusCode, {
    ...passableHeaders(answer.headers, NOT_FORWARDED_DOWNSTREAM),
    [COLOUR_HEADER]: colour,
  });
  try {
    await pipeline(
      answer.body,
      async function* noteFirstByte(chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          ttftMs ??= performance.now() - started;
          yield chunk;
        }
      },
      response,
    );
    finish(answer.statusCode >= 500);
  } catch {
    // pipeline has destroyed the response, so the client sees the cut too. When the upstream
    // failed first, the client's socket closes only after this runs: not aborted yet.
    if (!clientGone.signal.aborted) finish(true);
  }
}
