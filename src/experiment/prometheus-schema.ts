import { z } from 'zod';
import { durationMs } from '../shared/duration-schema.js';

/**
 * An SLO whose SLI comes from Prometheus: a PromQL query evaluated by a range query over the
 * SLO's phase ('*' = the whole run) after the run. `$__range` in the query stands for the
 * phase's length in seconds (e.g. `increase(x[$__range])`). The series is reduced to one number
 * by `over`: by default its worst point (max for `below`, min for `above`); `share` is the share
 * of points that meet `threshold` (OpenSLO's thresholdMetric).
 */
export const promqlSloSchema = z
  .object({
    name: z.string().min(1),
    /** Which colour the query is about; only labels the result (the query does the selecting). */
    colour: z.enum(['blue', 'green', 'all']).default('all'),
    phase: z.string().default('*'),
    source: z.object({ promql: z.string().min(1) }).strict(),
    over: z.enum(['worst', 'mean', 'last', 'share']).default('worst'),
    threshold: z
      .object({ op: z.enum(['lt', 'lte', 'gt', 'gte']), value: z.number() })
      .strict()
      .optional(),
    below: z.number().optional(),
    above: z.number().optional(),
  })
  .strict()
  .refine((slo) => (slo.below === undefined) !== (slo.above === undefined), 'give exactly one of `below` or `above`')
  .refine((slo) => (slo.over === 'share') === (slo.threshold !== undefined), {
    message: '`threshold` goes with `over: share` and only with it',
    path: ['threshold'],
  });

export const prometheusSchema = z
  .object({
    /**
     * The Prometheus to ask; default: the PROMETHEUS_URL environment variable, else one greenlight
     * starts (Debian's `prometheus`) to scrape the stack's /metrics every second.
     */
    url: z.string().url().optional(),
    /** Resolution of the range queries. */
    step: durationMs.refine((ms) => ms >= 1000, 'at least 1s').default(1000),
    /** Wait after the load ends before querying, so Prometheus has scraped the run's last seconds. */
    settle: durationMs.default(3000),
    slos: z.array(promqlSloSchema).default([]),
  })
  .strict();

export type PromqlSlo = z.output<typeof promqlSloSchema>;
export type PrometheusSpec = z.output<typeof prometheusSchema>;
