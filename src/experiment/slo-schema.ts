import { z } from 'zod';

export const SLO_METRICS = ['error-rate', 'latency', 'ttft', 'itl', 'throughput', 'dropped'] as const;
export type SloMetric = (typeof SLO_METRICS)[number];

/**
 * A service-level objective on one colour (or all traffic) in one phase (or all, '*').
 * Rates are ratios 0..1, times are milliseconds, throughput is completed requests per second,
 * dropped is a count of arrivals the engine could not start.
 */
export const sloSchema = z
  .object({
    name: z.string().min(1),
    colour: z.enum(['blue', 'green', 'all']).default('all'),
    phase: z.string().default('*'),
    metric: z.enum(SLO_METRICS),
    percentile: z.number().gt(0).lt(100).default(99),
    below: z.number().nonnegative().optional(),
    above: z.number().nonnegative().optional(),
  })
  .strict()
  .refine((slo) => (slo.below === undefined) !== (slo.above === undefined), 'give exactly one of `below` or `above`');

export type Slo = z.output<typeof sloSchema>;
