import { z } from 'zod';
import { durationMs } from '../shared/duration-schema.js';

/**
 * The fault catalogue: a string-literal union of kinds, each with its typed attributes.
 * When it runs: `during` a phase, or `at` an offset from the run start `for` a while
 * (default: until the run ends).
 */
const timing = {
  name: z.string().min(1),
  during: z.string().optional(),
  at: durationMs.optional(),
  for: durationMs.optional(),
};

const colourTarget = z.enum(['blue', 'green']);

export const latencyFaultSchema = z
  .object({
    ...timing,
    kind: z.literal('latency'),
    target: colourTarget,
    /** Added delay in milliseconds, plus or minus `jitter`. */
    latency: z.number().int().nonnegative(),
    jitter: z.number().int().nonnegative().default(0),
    direction: z.enum(['downstream', 'upstream']).default('downstream'),
    /** Share of connections the toxic applies to (Toxiproxy's toxicity). */
    toxicity: z.number().min(0).max(1).default(1),
  })
  .strict();

export const gpuMemoryPressureFaultSchema = z
  .object({
    ...timing,
    kind: z.literal('gpu-memory-pressure'),
    target: colourTarget,
    /** VRAM to occupy: a share of the GPU's total (0-100) or an absolute amount. */
    percent: z.number().gt(0).max(100).optional(),
    gib: z.number().positive().optional(),
  })
  .strict()
  .refine((f) => (f.percent === undefined) !== (f.gib === undefined), 'give exactly one of `percent` or `gib`');

export const faultSchema = z
  .discriminatedUnion('kind', [latencyFaultSchema, gpuMemoryPressureFaultSchema])
  .refine((f) => f.during !== undefined || f.at !== undefined, 'give `during: <phase>` or `at: <offset>`')
  .refine((f) => !(f.during !== undefined && f.at !== undefined), 'give either `during` or `at`, not both');

export type FaultSpec = z.output<typeof faultSchema>;
export type FaultKind = FaultSpec['kind'];
export type LatencyFault = z.output<typeof latencyFaultSchema>;
export type GpuMemoryPressureFault = z.output<typeof gpuMemoryPressureFaultSchema>;
