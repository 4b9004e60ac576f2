import { z } from 'zod';
import { durationMs } from '../shared/duration-schema.js';

const rate = z.number().nonnegative();

/** A profile is an exact arrival rate as a function of time (see src/load/profiles). */
export const profileSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant'), rate }).strict(),
  z
    .object({
      kind: z.literal('ramp'),
      startRate: rate.default(0),
      /** Linear stages: the rate moves from the previous target to `target` over `duration`. */
      stages: z.array(z.object({ target: rate, duration: durationMs }).strict()).min(1),
    })
    .strict(),
]);

/** A token count: fixed, or drawn uniformly from [min, max] with the run's seed. */
export const tokenCountSchema = z.union([
  z.number().int().positive(),
  z
    .object({ uniform: z.tuple([z.number().int().positive(), z.number().int().positive()]) })
    .strict()
    .refine((u) => u.uniform[0] <= u.uniform[1], 'uniform: [min, max] with min <= max'),
]);

const requestCommon = {
  stream: z.boolean().default(true),
  promptTokens: tokenCountSchema.default(256),
  maxTokens: tokenCountSchema.default(64),
  /** Model name sent to the service; default: whatever the service lists first. */
  model: z.string().optional(),
};

export const REQUEST_KINDS = ['chat', 'ollama-generate', 'ollama-chat'] as const;

export const requestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('chat'), ...requestCommon }).strict(),
  z.object({ kind: z.literal('ollama-generate'), ...requestCommon }).strict(),
  z.object({ kind: z.literal('ollama-chat'), ...requestCommon }).strict(),
]);

export const workloadSchema = z
  .object({
    mix: z.array(z.object({ weight: z.number().positive().default(1), request: requestSchema }).strict()).min(1),
  })
  .strict();

export const loadSchema = z
  .object({
    profile: profileSchema,
    workload: workloadSchema.default({ mix: [{ weight: 1, request: requestSchema.parse({ kind: 'chat' }) }] }),
    /** How arrivals are spaced: evenly, or as a Poisson process (seeded). */
    arrival: z.enum(['even', 'poisson']).default('even'),
    /** Cap on requests in flight; an arrival beyond it is dropped and counted, never delayed. */
    maxInFlight: z.number().int().positive().default(512),
    /** A request not finished after this fails as a timeout. */
    timeout: durationMs.default(30_000),
  })
  .strict();

export type Profile = z.output<typeof profileSchema>;
export type TokenCount = z.output<typeof tokenCountSchema>;
export type RequestSpec = z.output<typeof requestSchema>;
export type Workload = z.output<typeof workloadSchema>;
export type LoadSpec = z.output<typeof loadSchema>;
