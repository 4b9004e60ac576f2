import { z } from 'zod';
import { durationMs } from './duration-schema.js';

/**
 * A staged canary promotion of green: the run starts with `stages[0]` percent of traffic on
 * green, and every `every` the router promotes green to the next stage, until a rollback
 * (a rule firing, or anyone else changing the split) halts it.
 */
export const canarySchema = z
  .object({
    /** Percent of traffic on green at each stage, rising, e.g. [10, 25, 50, 100]. */
    stages: z
      .array(z.number().gt(0).max(100))
      .min(1, 'at least one stage')
      .refine(
        (stages) => stages.every((stage, index) => index === 0 || stage > (stages[index - 1] ?? 0)),
        'stages must rise',
      ),
    /** How long each stage lasts before the next promotion. */
    every: durationMs.refine((ms) => ms >= 1000, 'at least 1s'),
  })
  .strict();

export type CanaryInput = z.input<typeof canarySchema>;
export type Canary = z.output<typeof canarySchema>;

/** The split of one stage: `percent` on green, the rest on blue. */
export function stageWeights(percent: number): { blue: number; green: number } {
  return { blue: 100 - percent, green: percent };
}
