import { request } from 'undici';
import type { ReferenceKnobsInput } from '../../../src/shared/reference-knobs.js';
import type { Colour } from '../../../src/shared/colour.js';
import { startReferenceService, type ServiceState } from '../../../src/reference/service/index.js';
import type { RunningServer } from '../../../src/reference/server.js';

/** Knobs that keep requests to a few milliseconds. */
export const FAST_KNOBS: ReferenceKnobsInput = {
  prefillBaseMs: 1,
  prefillMsPerToken: 0,
  decodeMsPerToken: 1,
  batchSlowdown: 0,
};

/** Starts services and closes every one of them in afterEach. */
export class Services {
  private readonly running: RunningServer[] = [];

  async start(knobs: ReferenceKnobsInput = FAST_KNOBS, colour: Colour = 'blue'): Promise<RunningServer> {
    const service = await startReferenceService({ colour, knobs });
    this.running.push(service);
    return service;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.running.splice(0).map((service) => service.close()));
  }
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Milliseconds from sending to the first body chunk, and to the end of the body. */
  firstChunkMs: number | undefined;
  totalMs: number;
}

/** Sends a request (a string body goes out as is, anything else as JSON) and reads the whole answer. */
export async function call(base: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const startedAt = performance.now();
  const response = await request(`${base}${path}`, {
    method: method as 'GET',
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });
  let firstChunkMs: number | undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) {
    firstChunkMs ??= performance.now() - startedAt;
    chunks.push(chunk as Buffer);
  }
  return {
    status: response.statusCode,
    headers: response.headers,
    text: Buffer.concat(chunks).toString('utf8'),
    firstChunkMs,
    totalMs: performance.now() - startedAt,
  };
}

export const post = (base: string, path: string, body: unknown): Promise<Answer> => call(base, 'POST', path, body);

export function json<T = Record<string, unknown>>(answer: Answer): T {
  return JSON.parse(answer.text) as T;
}

/** The `data:` payloads of a server-sent-events body, in order. */
export function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => frame.slice('data: '.length));
}

export function ndjson(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A prompt of n tokens, the way a load generator builds one. */
export function words(n: number): string {
  return Array.from({ length: n }, () => 'tok').join(' ');
}

export function chat(promptTokens: number, maxTokens: number, extra: Record<string, unknown> = {}): unknown {
  return { model: 'm', messages: [{ role: 'user', content: words(promptTokens) }], max_tokens: maxTokens, ...extra };
}

export async function state(base: string): Promise<ServiceState> {
  return json<ServiceState>(await call(base, 'GET', '/admin/state'));
}

/** Polls until `check` holds (or fails after `timeoutMs`); for state that settles asynchronously. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface OpenStream {
  status: number;
  /** Reads on until the body received so far contains `text`. */
  waitFor(text: string): Promise<void>;
  /** Reads to the end; the whole body. */
  rest(): Promise<string>;
  abort(): void;
}

/** Starts a streamed request and resolves once its headers arrived (the service admitted it). */
export async function openStream(base: string, path: string, body: unknown): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await request(`${base}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
    signal: controller.signal,
  });
  const chunks = response.body[Symbol.asyncIterator]();
  let received = '';
  const readOne = async (): Promise<boolean> => {
    const next = await chunks.next();
    if (next.done === true) return false;
    received += (next.value as Buffer).toString('utf8');
    return true;
  };
  return {
    status: response.statusCode,
    async waitFor(text) {
      while (!received.includes(text)) {
        if (!(await readOne())) throw new Error(`stream ended before "${text}" arrived: ${received}`);
      }
    },
    async rest() {
      while (await readOne());
      return received;
    },
    abort: () => controller.abort(),
  };
}
