import { z } from 'zod';
import { durationMs } from '../shared/duration-schema.js';

/**
 * Multiwindow, multi-burn-rate alerting (Google SRE workbook, "Alerting on SLOs"): the error
 * budget is the objective's allowed error ratio; a window pair fires when the budget burned
 * faster than `factor` times the sustainable rate over both its long and its short window.
 */
export const burnRateSchema = z
  .object({
    windows: z
      .array(
        z
          .object({ long: durationMs, short: durationMs, factor: z.number().positive() })
          .strict()
          .refine(
            (pair) => pair.short > 0 && pair.short < pair.long,
            'short must be longer than 0 and shorter than long',
          ),
      )
      .min(1),
    /** A window with fewer requests never fires (1 failure in 1 request is not a burn). */
    minRequests: z.number().int().nonnegative().default(20),
  })
  .strict();

export type BurnRateSpec = z.output<typeof burnRateSchema>;
