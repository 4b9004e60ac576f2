import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { errorMessage, InputError } from '../../errors.js';
import { COLOURS } from '../../shared/colour.js';
import { addsUpTo100, describeIssues, weightsShape } from './options.js';
import type { RouterState } from './state.js';
import { allTrafficTo } from './traffic.js';
import type { TrafficTable } from './traffic.js';

export const ADMIN_PREFIX = '/_router';

export interface AdminContext {
  traffic: TrafficTable;
  state(): RouterState;
}

const switchBodySchema = z.object({ to: z.enum(COLOURS), reason: z.string().min(1).optional() }).strict();
const weightsBodySchema = z
  .object({ ...weightsShape, reason: z.string().min(1).optional() })
  .strict()
  .refine(addsUpTo100.check, addsUpTo100.message);

const MAX_BODY_BYTES = 64 * 1024;

/** A request the admin API refuses, with the HTTP status to answer. */
class AdminRequestError extends InputError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new AdminRequestError(413, `request body: larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AdminRequestError(400, `request body: expected JSON (${errorMessage(error)})`);
  }
}

function validate<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AdminRequestError(400, describeIssues(parsed.error, 'body'));
  return parsed.data;
}

type Route = (request: IncomingMessage, context: AdminContext) => Promise<unknown>;

const ROUTES: Record<string, Partial<Record<string, Route>>> = {
  [`${ADMIN_PREFIX}/state`]: {
    GET: async (_request, context) => context.state(),
  },
  [`${ADMIN_PREFIX}/switch`]: {
    POST: async (request, context) => {
      const body = validate(switchBodySchema, await readJson(request));
      return context.traffic.set(allTrafficTo(body.to), body.reason ?? `all traffic to ${body.to}`, 'admin');
    },
  },
  [`${ADMIN_PREFIX}/weights`]: {
    PUT: async (request, context) => {
      const { reason, ...weights } = validate(weightsBodySchema, await readJson(request));
      return context.traffic.set(
        weights,
        reason ?? `weights set to blue ${weights.blue} / green ${weights.green}`,
        'admin',
      );
    },
  },
};

/** The router's JSON admin API under /_router: state, switch, weights. */
export async function handleAdmin(
  request: IncomingMessage,
  response: ServerResponse,
  context: AdminContext,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://router').pathname;
  const methods = ROUTES[path];
  const route = methods?.[request.method ?? 'GET'];
  try {
    if (methods === undefined) throw new AdminRequestError(404, `no admin endpoint ${path}`);
    if (route === undefined) {
      response.setHeader('allow', Object.keys(methods).join(', '));
      throw new AdminRequestError(
        405,
        `${path} accepts ${Object.keys(methods).join(', ')}, not ${request.method ?? ''}`,
      );
    }
    sendJson(response, 200, await route(request, context));
  } catch (error) {
    if (!(error instanceof AdminRequestError)) throw error;
    sendJson(response, error.status, { error: error.message });
  }
}
