import { createServer } from 'node:http';
import type { Colour } from '../../shared/colour.js';
import { referenceKnobsSchema, type ReferenceKnobsInput } from '../../shared/reference-knobs.js';
import { listen, type RunningServer } from '../server.js';
import { createRequestHandler } from './routes.js';
import { ReferenceService } from './service.js';
import { parseOrThrow } from './validation.js';

export type { ServiceState } from './service.js';
export type { VramState } from './vram.js';
export type { ServiceCounters } from './metrics.js';

export interface ReferenceServiceOptions {
  colour: Colour;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  knobs?: ReferenceKnobsInput;
}

/**
 * Starts one colour's reference AI service: an LLM-like server with simulated VRAM, a KV-cache
 * budget, continuous batching, queueing, preemption and OOM. Throws an InputError on bad knobs
 * and an EnvironmentError when the port cannot be bound.
 */
export async function startReferenceService(options: ReferenceServiceOptions): Promise<RunningServer> {
  const knobs = parseOrThrow(referenceKnobsSchema, options.knobs ?? {}, `${options.colour} reference service knobs`);
  const service = new ReferenceService(options.colour, knobs);
  const running = await listen(
    createServer(createRequestHandler(service)),
    options.host ?? '127.0.0.1',
    options.port ?? 0,
  );
  return {
    url: running.url,
    port: running.port,
    async close() {
      await running.close();
      service.stop();
    },
  };
}
