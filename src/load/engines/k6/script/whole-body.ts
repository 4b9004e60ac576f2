import type { RequestKind } from '../../../workloads/request-body.js';
import { RESPONSE_PROTOCOLS } from '../../../workloads/response-reader.js';
import type { PayloadReading } from '../../../workloads/streams/measure.js';

/** What a whole response body says once k6 has buffered it. */
export interface WholeBodyReading {
  inputTokens: number;
  outputTokens: number;
  outputTokensFrom: 'usage' | 'chunks' | 'none';
  failure: 'stream-error' | 'stream-cut' | 'bad-response' | undefined;
}

/**
 * Reads a successful response body after the fact, with the same payload readers the native
 * engine uses. k6 hands over the body only once it is complete, so there is no timing in here:
 * just token counts, an error the service reported, and a stream cut before its terminator.
 */
export function readWholeBody(kind: RequestKind, stream: boolean, body: string): WholeBodyReading {
  const protocol = RESPONSE_PROTOCOLS[kind];
  const framing = stream ? protocol.framing : 'json';
  if (framing === 'json') {
    const reading = protocol.read(body);
    return {
      inputTokens: reading.inputTokens ?? 0,
      outputTokens: reading.outputTokens ?? 0,
      outputTokensFrom: reading.outputTokens === undefined ? 'none' : 'usage',
      failure: reading.error === undefined ? undefined : 'bad-response',
    };
  }
  const readings = payloadsOf(framing, body).map(protocol.read);
  return summarise(readings);
}

function payloadsOf(framing: 'sse' | 'ndjson', body: string): string[] {
  const lines = body.split(/\r?\n/);
  if (framing === 'ndjson') return lines.filter((line) => line.trim() !== '');
  // SSE: a blank line ends an event; an event cut off before it is not dispatched.
  const events: string[] = [];
  let data: string[] = [];
  for (const line of lines.slice(0, -1)) {
    if (line === '') {
      if (data.length > 0) events.push(data.join('\n'));
      data = [];
    } else if (line.startsWith('data:')) {
      data.push(line.slice('data:'.length).replace(/^ /, ''));
    }
  }
  return events;
}

function summarise(readings: readonly PayloadReading[]): WholeBodyReading {
  let contentChunks = 0;
  let inputTokens: number | undefined;
  let outputTokens: number | undefined;
  let done = false;
  let errored = false;
  for (const reading of readings) {
    if (reading.error !== undefined) errored = true;
    if (reading.content) contentChunks++;
    if (reading.inputTokens !== undefined) inputTokens = reading.inputTokens;
    if (reading.outputTokens !== undefined) outputTokens = reading.outputTokens;
    if (reading.done) done = true;
  }
  return {
    inputTokens: inputTokens ?? 0,
    outputTokens: outputTokens ?? contentChunks,
    outputTokensFrom: outputTokens === undefined ? 'chunks' : 'usage',
    failure: errored ? 'stream-error' : done ? undefined : 'stream-cut',
  };
}
