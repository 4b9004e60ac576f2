import { z } from 'zod';
import { burnRateSchema } from './burn-rate-schema.js';

export const SLO_METRICS = [
  'error-rate',
  'latency',
  'ttft',
  'itl',
  'throughput',
  'dropped',
  'availability',
  'tpot',
  'goodput',
] as const;
export type SloMetric = (typeof SLO_METRICS)[number];

/**
 * A service-level objective on one colour (or all traffic) in one phase (or all, '*').
 * Rates are ratios 0..1, times are milliseconds, throughput is completed requests per second,
 * dropped is a count of arrivals the engine could not start, availability the share of requests
 * the service answered without a 5xx or a transport failure (see src/evaluate/availability.ts),
 * tpot a percentile of time per output token (ms), goodput the share (0..1) of requests that met
 * `load.goodput`'s per-request objectives (see docs/load.md).
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
    /** Error-budget burn-rate alerts over the SLO's buckets (error-rate with below, availability with above). */
    burnRate: burnRateSchema.optional(),
  })
  .strict()
  .refine((slo) => (slo.below === undefined) !== (slo.above === undefined), 'give exactly one of `below` or `above`')
  .refine(
    (slo) =>
      slo.burnRate === undefined ||
      (slo.metric === 'error-rate' && (slo.below ?? 0) > 0) ||
      (slo.metric === 'availability' && slo.above !== undefined && slo.above < 1),
    {
      message: 'burnRate needs an error budget: metric error-rate with below > 0, or availability with above < 1',
      path: ['burnRate'],
    },
  );

export type Slo = z.output<typeof sloSchema>;
