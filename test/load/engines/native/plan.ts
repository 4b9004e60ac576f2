import { loadSchema } from '../../../../src/experiment/load-schema.js';
import type { LoadPlan } from '../../../../src/load/engine.js';

/** A plan starting shortly after now, with the load given as experiment input. */
export function planFor(url: string, load: unknown, durationMs: number): LoadPlan {
  return { url, load: loadSchema.parse(load), startAt: Date.now() + 100, durationMs, seed: 1 };
}
