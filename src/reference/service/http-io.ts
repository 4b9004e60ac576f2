import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage, InputError } from '../../errors.js';

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Bad client input answered with `status` (400 unless said otherwise). */
export class ClientError extends InputError {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** How an API family shapes an error body. */
export type ErrorFormat = (status: number, message: string, code: string) => unknown;

export const openAiError: ErrorFormat = (status, message, code) => ({
  error: { message, type: status < 500 ? 'invalid_request_error' : 'server_error', param: null, code },
});

export const ollamaError: ErrorFormat = (_status, message) => ({ error: message });

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_BODY_BYTES) throw new ClientError(`request body is larger than ${MAX_BODY_BYTES} bytes`, 413);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new ClientError('request body is empty; expected a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ClientError(`request body is not valid JSON: ${errorMessage(error)}`);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/** Starts a streamed 200 response and sends its headers at once. */
export function startStream(res: ServerResponse, contentType: string): void {
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache' });
  res.flushHeaders();
}
