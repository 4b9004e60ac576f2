import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { asApiError } from './api-error.js';
import { apiRoutes, PARAM, type Reply, type Route } from './api-routes.js';
import { readJsonBody } from './json-input.js';
import type { ProxyCollection } from './proxy-collection.js';

/**
 * The HTTP API, answering as Toxiproxy's gorilla/mux router does: 404 for an unknown path,
 * 405 for a known path with another method, 403 for browsers, and errors as a JSON line
 * written by Go's http.Error (so with a text/plain content type). Requests run one at a
 * time, as Toxiproxy's locks serialise changes.
 */
export function createApiListener(proxies: ProxyCollection): RequestListener {
  const routes = apiRoutes(proxies);
  let tail: Promise<unknown> = Promise.resolve();
  return (request, response) => {
    const reply = tail.then(() => answer(routes, request));
    tail = reply.catch(() => undefined);
    void reply.then(
      (result) => send(response, result),
      (error: unknown) => send(response, errorReply(error)),
    );
  };
}

async function answer(routes: readonly Route[], request: IncomingMessage): Promise<Reply> {
  const segments = pathSegments(request.url ?? '/');
  for (const route of routes) {
    const params = segments && matchPath(route.path, segments);
    if (!params) continue;
    const handler = route.methods[request.method ?? ''];
    if (!handler) return { kind: 'empty', status: 405 };
    // Toxiproxy refuses browsers so that a web page cannot drive it from the user's machine.
    if (request.headers['user-agent']?.startsWith('Mozilla/')) return text(403, 'User agent not allowed\n');
    try {
      return await handler(params, () => readJsonBody(request));
    } catch (error) {
      return errorReply(error);
    }
  }
  return text(404, '404 page not found\n');
}

function pathSegments(url: string): string[] | undefined {
  try {
    return new URL(url, 'http://toxiproxy').pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function matchPath(pattern: readonly string[], segments: readonly string[]): string[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: string[] = [];
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? '';
    if (part === PARAM && segment !== '') params.push(segment);
    else if (part !== segment) return undefined;
  }
  return params;
}

function errorReply(error: unknown): Reply {
  const { message, status } = asApiError(error);
  return text(status, `${JSON.stringify({ error: message, status })}\n`);
}

function text(status: number, body: string): Reply {
  return { kind: 'text', status, text: body, contentType: 'text/plain; charset=utf-8' };
}

function send(response: ServerResponse, reply: Reply): void {
  if (reply.kind === 'empty') {
    response.writeHead(reply.status).end();
    return;
  }
  const [contentType, body] =
    reply.kind === 'json' ? ['application/json', JSON.stringify(reply.body)] : [reply.contentType, reply.text];
  response
    .writeHead(reply.status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) })
    .end(body);
}
