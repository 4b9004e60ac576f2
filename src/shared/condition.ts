import { z } from 'zod';
import { COLOURS } from './colour.js';
import { formatMs, formatPercent } from '../util/format.js';
import { durationMs } from './duration-schema.js';

/**
 * A breach condition over a trailing window of one colour's traffic. Rollback rules, halt
 * conditions and the reference router's controller all use this shape, so the harness judges
 * a trigger by the same definition the controller is configured with.
 */
export const CONDITION_METRICS = ['error-rate', 'latency', 'ttft', 'health-failures'] as const;
export type ConditionMetric = (typeof CONDITION_METRICS)[number];

export const conditionSchema = z
  .object({
    colour: z.enum(COLOURS),
    metric: z.enum(CONDITION_METRICS),
    /** For latency and ttft: which percentile of the window is compared (default 99). */
    percentile: z.number().gt(0).lt(100).default(99),
    /** Breach when the metric is above this: a ratio 0..1 for rates, milliseconds for times. */
    above: z.number().nonnegative(),
    /** The trailing window the metric is computed over. */
    window: durationMs.default(10_000),
    /** How long the breach must hold before the condition counts as met. */
    for: durationMs.default(0),
    /** Fewer requests than this in the window never breach (avoids 1 error in 1 request = 100 %). */
    minRequests: z.number().int().nonnegative().default(10),
  })
  .strict();

export type ConditionInput = z.input<typeof conditionSchema>;
export type Condition = z.output<typeof conditionSchema>;

export function describeCondition(condition: Condition): string {
  const subject =
    condition.metric === 'error-rate'
      ? 'error rate'
      : condition.metric === 'health-failures'
        ? 'failed health checks'
        : `${condition.metric} p${condition.percentile}`;
  const limit =
    condition.metric === 'latency' || condition.metric === 'ttft'
      ? formatMs(condition.above)
      : formatPercent(condition.above);
  const hold = condition.for > 0 ? ` for ${condition.for / 1000}s` : '';
  return `${condition.colour} ${subject} > ${limit} over ${condition.window / 1000}s${hold}`;
}
