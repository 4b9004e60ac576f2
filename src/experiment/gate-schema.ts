import { z } from 'zod';

/**
 * The release gate: green (the candidate) against blue (the baseline) under the same split load.
 * Margins say how much worse green may be before it counts as a regression; the gate fails a
 * comparison only when the data show, at `confidence`, that green is worse than the margin allows.
 */
export const gateSchema = z
  .object({
    /** One minus the false-fail rate the gate accepts for a green no worse than the margin. */
    confidence: z.number().gt(0.5).lt(1).default(0.95),
    /** The phase compared ('*' = the whole run); a warm-up phase can be left out. */
    phase: z.string().default('*'),
    /** Green's latency may be this fraction slower than blue's (0.05 = 5 %). */
    latencyMargin: z.number().nonnegative().default(0.05),
    /** Green's time to first token may be this fraction slower than blue's. */
    ttftMargin: z.number().nonnegative().default(0.05),
    /** Green's error rate may exceed blue's by this much (absolute: 0.01 = one point). */
    errorRateMargin: z.number().min(0).max(1).default(0.01),
    /** Fewer requests than this on either colour: not enough evidence, the comparison fails. */
    minRequests: z.number().int().positive().default(100),
  })
  .strict();

export type GateSpec = z.output<typeof gateSchema>;
