import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  url: string;
  /** Parsed JSON bodies of the POST requests received, in order. */
  bodies: Record<string, unknown>[];
  /** 'METHOD /path' of every request received, in order. */
  requests: string[];
  close(): Promise<void>;
}

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

/** An HTTP server on an ephemeral 127.0.0.1 port; close() also cuts open connections. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const bodies: Record<string, unknown>[] = [];
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (body !== '') bodies.push(JSON.parse(body) as Record<string, unknown>);
      handler(request, response, body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const server = await startServer(() => undefined);
  await server.close();
  return server.url;
}

const MODELS = { object: 'list', data: [{ id: 'sim-model', object: 'model' }] };

function models(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(MODELS));
}

/** Answers every chat completion at once with a small non-streamed JSON body. */
export function fastJson(colour: string): Handler {
  return (request, response) => {
    if (request.method === 'GET') return models(response);
    response.writeHead(200, { 'content-type': 'application/json', 'x-greenlight-colour': colour });
    response.end(
      JSON.stringify({
        choices: [{ index: 0, message: { role: 'assistant', content: 'ok ok' } }],
        usage: { prompt_tokens: 3, completion_tokens: 2 },
      }),
    );
  };
}

export interface StreamTiming {
  firstTokenMs: number;
  tokens: number;
  gapMs: number;
  /** Stop after the tokens without the terminator ([DONE] / done: true): end the body, or break the connection. */
  cut?: 'end' | 'destroy';
}

/** Streams `tokens` chat chunks over SSE: the first after firstTokenMs, then one per gapMs. */
export function sseStreamer(timing: StreamTiming): Handler {
  return (request, response) => {
    if (request.method === 'GET') return models(response);
    response.writeHead(200, { 'content-type': 'text/event-stream', 'x-greenlight-colour': 'green' });
    response.write(`data: ${JSON.stringify({ choices: [{ delta: { role: 'assistant' } }] })}\n\n`);
    streamTokens(
      response,
      timing,
      (index) => `data: ${JSON.stringify({ choices: [{ delta: { content: `t${index} ` } }] })}\n\n`,
      () => {
        response.write(
          `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 7, completion_tokens: timing.tokens } })}\n\n`,
        );
        response.end('data: [DONE]\n\n');
      },
    );
  };
}

/** Streams Ollama /api/generate objects as NDJSON, ending with done: true and eval_count. */
export function ndjsonStreamer(timing: StreamTiming): Handler {
  return (request, response) => {
    response.writeHead(200, { 'content-type': 'application/x-ndjson', 'x-greenlight-colour': 'blue' });
    streamTokens(
      response,
      timing,
      (index) => `${JSON.stringify({ response: `t${index} `, done: false })}\n`,
      () => {
        response.end(
          `${JSON.stringify({ response: '', done: true, eval_count: timing.tokens, prompt_eval_count: 5 })}\n`,
        );
      },
    );
  };
}

function streamTokens(
  response: ServerResponse,
  timing: StreamTiming,
  token: (index: number) => string,
  finish: () => void,
): void {
  let index = 0;
  const send = (): void => {
    if (response.destroyed) return;
    if (index === timing.tokens) {
      if (timing.cut === 'end') response.end();
      else if (timing.cut === 'destroy') response.destroy();
      else finish();
      return;
    }
    response.write(token(index++));
    setTimeout(send, timing.gapMs);
  };
  setTimeout(send, timing.firstTokenMs);
}

/** Reads the request and never answers. */
export function stall(): Handler {
  return () => undefined;
}

/** Answers every request with this status. */
export function status(code: number): Handler {
  return (_request, response) => {
    response.writeHead(code, { 'content-type': 'application/json', 'x-greenlight-colour': 'blue' });
    response.end(JSON.stringify({ error: { message: 'overloaded' } }));
  };
}

/** Drops the connection without an answer. */
export function reset(): Handler {
  return (request) => request.socket.destroy();
}
