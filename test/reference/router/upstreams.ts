import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'undici';
import { listen } from '../../../src/reference/server.js';
import type { RouterState } from '../../../src/reference/router/index.js';
import type { RunningServer } from '../../../src/reference/server.js';
import type { Colour } from '../../../src/shared/colour.js';
import { COLOUR_HEADER } from '../../../src/shared/colour.js';

/**
 * A purpose-built upstream for router tests. Paths:
 *   /health           answers `healthStatus`
 *   /sse?chunks&gapMs streams SSE events `gapMs` apart
 *   /hang             never answers
 *   (both count the requests whose client went away before the end in `abandoned`)
 *   /cut              sends headers and one chunk, then drops the connection
 *   anything else     answers `status` with a JSON echo of the request
 */
export interface TestUpstream extends RunningServer {
  colour: Colour;
  /** Status of the echo answers; set to 500 to make the colour fail. */
  status: number;
  healthStatus: number;
  /** Requests other than health checks. */
  served: number;
  abandoned: number;
}

export interface Echo {
  colour: Colour;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function readBody(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function streamSse(url: URL, response: ServerResponse, onAbandoned: () => void): void {
  const chunks = Number(url.searchParams.get('chunks') ?? '5');
  const gapMs = Number(url.searchParams.get('gapMs') ?? '100');
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let sent = 0;
  const timer = setInterval(() => {
    sent++;
    response.write(`data: {"token":${sent}}\n\n`);
    if (sent === chunks) {
      clearInterval(timer);
      response.end('data: [DONE]\n\n');
    }
  }, gapMs);
  response.once('close', () => {
    clearInterval(timer);
    if (!response.writableFinished) onAbandoned();
  });
}

export async function startTestUpstream(colour: Colour): Promise<TestUpstream> {
  const server = createServer((incoming, response) => {
    const url = new URL(incoming.url ?? '/', 'http://upstream');
    if (url.pathname === '/health') {
      response.writeHead(upstream.healthStatus).end();
      return;
    }
    upstream.served++;
    if (url.pathname === '/sse') return streamSse(url, response, () => upstream.abandoned++);
    if (url.pathname === '/hang') {
      response.once('close', () => upstream.abandoned++);
      return;
    }
    if (url.pathname === '/cut') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('partial ');
      setTimeout(() => response.destroy(), 20);
      return;
    }
    void readBody(incoming).then((body) => {
      const echo: Echo = {
        colour,
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body,
      };
      response.writeHead(upstream.status, { 'content-type': 'application/json', [COLOUR_HEADER]: 'not-the-router' });
      response.end(JSON.stringify(echo));
    });
  });
  const running = await listen(server, '127.0.0.1', 0);
  const upstream: TestUpstream = { ...running, colour, status: 200, healthStatus: 200, served: 0, abandoned: 0 };
  return upstream;
}

/** A base URL on which nothing listens (the port was just freed). */
export async function closedPortUrl(): Promise<string> {
  const running = await listen(createServer(), '127.0.0.1', 0);
  await running.close();
  return running.url;
}

export interface Answer {
  status: number;
  colour: string | undefined;
  body: string;
}

export async function send(
  url: string,
  init: { method?: 'GET' | 'POST' | 'PUT'; body?: unknown } = {},
): Promise<Answer> {
  const response = await request(url, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? null : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const colour = response.headers[COLOUR_HEADER];
  return {
    status: response.statusCode,
    colour: typeof colour === 'string' ? colour : undefined,
    body: await response.body.text(),
  };
}

/**
 * Sequential requests to `url`, `gapMs` apart, until `count` were sent, `stop()` says so or
 * `maxMs` passed: bounded in count and time whatever the router does.
 */
export async function drive(
  url: string,
  bounds: { count: number; gapMs: number; maxMs: number; stop?: () => boolean | Promise<boolean> },
): Promise<Answer[]> {
  const answers: Answer[] = [];
  const deadline = Date.now() + bounds.maxMs;
  while (answers.length < bounds.count && Date.now() < deadline && !(await bounds.stop?.())) {
    answers.push(await send(url));
    await new Promise((resolve) => setTimeout(resolve, bounds.gapMs));
  }
  return answers;
}

export function countColours(answers: readonly Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const key = answer.colour ?? 'untagged';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export async function routerState(routerUrl: string): Promise<RouterState> {
  const answer = await send(`${routerUrl}/_router/state`);
  return JSON.parse(answer.body) as RouterState;
}

/** Polls `probe` every 50 ms until it returns a value other than undefined, or `timeoutMs` passes. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
