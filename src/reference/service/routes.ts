import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage, InputError } from '../../errors.js';
import { COLOUR_HEADER } from '../../shared/colour.js';
import { deleteVramPressure, getState, patchKnobs, putVramPressure } from './admin.js';
import { serveGeneration } from './generation.js';
import { ClientError, type ErrorFormat, openAiError, readJsonBody, sendJson } from './http-io.js';
import { openAiChat } from './protocols/openai-chat.js';
import { openAiCompletions } from './protocols/openai-completions.js';
import { openAiEmbeddings } from './protocols/openai-embeddings.js';
import { ollamaChat, ollamaGenerate } from './protocols/ollama.js';
import type { Protocol } from './protocols/protocol.js';
import type { RouteContext } from './route-context.js';
import type { ReferenceService } from './service.js';

type Handler = (context: RouteContext) => Promise<void> | void;

interface Route {
  errors: ErrorFormat;
  methods: Readonly<Partial<Record<string, Handler>>>;
}

/** nginx's convention for "the client closed the connection before the answer was complete". */
const CLIENT_CLOSED = 499;

function generation(protocol: Protocol): Route {
  return {
    errors: protocol.errors,
    methods: {
      POST: async (context) => {
        const body = await readJsonBody(context.req);
        const { service, serial } = context;
        const meta = { model: service.knobs.model, serial: `${service.colour}-${serial}`, created: new Date() };
        serveGeneration(context, protocol.parse(body, meta));
      },
    },
  };
}

function plain(methods: Route['methods']): Route {
  return { errors: openAiError, methods };
}

const ROUTES: Readonly<Record<string, Route>> = {
  '/v1/chat/completions': generation(openAiChat),
  '/v1/completions': generation(openAiCompletions),
  '/v1/embeddings': generation(openAiEmbeddings),
  '/api/generate': generation(ollamaGenerate),
  '/api/chat': generation(ollamaChat),
  '/v1/models': plain({
    GET: ({ res, service }) =>
      sendJson(res, 200, {
        object: 'list',
        data: [{ id: service.knobs.model, object: 'model', created: service.startedAt, owned_by: 'greenlight' }],
      }),
  }),
  '/health': plain({ GET: ({ res }) => sendJson(res, 200, { status: 'ok' }) }),
  '/ready': plain({
    GET: ({ res, service }) =>
      service.ready() ? sendJson(res, 200, { status: 'ready' }) : sendJson(res, 503, { status: 'not ready' }),
  }),
  '/metrics': plain({
    GET: async ({ res, service }) => {
      const { registry } = service.metrics;
      const text = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(text);
    },
  }),
  '/admin/state': plain({ GET: getState }),
  '/admin/vram-pressure': plain({ PUT: putVramPressure, DELETE: deleteVramPressure }),
  '/admin/knobs': plain({ PATCH: patchKnobs }),
};

/** The HTTP face of one reference service: routing, the colour header, errors and request metrics. */
export function createRequestHandler(service: ReferenceService): (req: IncomingMessage, res: ServerResponse) => void {
  let served = 0;
  return (req, res) => {
    res.setHeader(COLOUR_HEADER, service.colour);
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const route = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
    if (route === undefined) {
      service.metrics.requestServed('unmatched', 404);
      sendJson(res, 404, openAiError(404, `no such endpoint: ${path}`, 'not_found'));
      return;
    }
    const context: RouteContext = {
      req,
      res,
      service,
      endpoint: path,
      errors: route.errors,
      serial: ++served,
      failedStatus: undefined,
    };
    res.once('close', () => {
      const status = context.failedStatus ?? (res.writableFinished ? res.statusCode : CLIENT_CLOSED);
      service.metrics.requestServed(path, status);
    });
    const handler = route.methods[req.method ?? 'GET'];
    if (handler === undefined) {
      const allowed = Object.keys(route.methods).join(', ');
      res.setHeader('allow', allowed);
      sendJson(
        res,
        405,
        route.errors(405, `${req.method} is not allowed on ${path}; use ${allowed}`, 'method_not_allowed'),
      );
      return;
    }
    Promise.resolve()
      .then(() => handler(context))
      .catch((error: unknown) => answerError(context, error));
  };
}

function answerError({ res, errors }: RouteContext, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof InputError) {
    const status = error instanceof ClientError ? error.status : 400;
    sendJson(res, status, errors(status, error.message, 'invalid_request'));
    return;
  }
  sendJson(res, 500, errors(500, `internal error of the reference service: ${errorMessage(error)}`, 'internal_error'));
}
