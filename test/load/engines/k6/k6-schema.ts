import { z } from 'zod';

/**
 * k6's documented option schema for what greenlight generates (grafana/k6 lib/executor
 * ramping_arrival_rate.go, constant_vus.go, base_config.go; k6 decodes scenarios strictly, so
 * an unknown key is an error). Durations are Go duration strings; rates and targets are whole
 * numbers (a fraction fails to parse).
 */
const goDuration = z.string().regex(/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/, 'a Go duration string such as 1500ms');
const wholeNumber = z.number().int().nonnegative();

const baseScenario = {
  startTime: goDuration.optional(),
  gracefulStop: goDuration.optional(),
  env: z.record(z.string(), z.string()).optional(),
  exec: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  options: z.unknown().optional(),
};

export const rampingArrivalRateSchema = z
  .object({
    executor: z.literal('ramping-arrival-rate'),
    startRate: wholeNumber.optional(),
    timeUnit: goDuration.optional(),
    stages: z.array(z.object({ target: wholeNumber, duration: goDuration }).strict()).min(1),
    preAllocatedVUs: z.number().int().positive(),
    maxVUs: z.number().int().positive().optional(),
    ...baseScenario,
  })
  .strict()
  .refine((s) => s.maxVUs === undefined || s.maxVUs >= s.preAllocatedVUs, 'maxVUs must not be below preAllocatedVUs');

export const constantVusSchema = z
  .object({
    executor: z.literal('constant-vus'),
    vus: z.number().int().positive(),
    duration: goDuration,
    ...baseScenario,
  })
  .strict();

/** 'metric' or 'metric{tag:value,…}' → expressions such as 'p(99)<500', 'rate<0.01', 'count<1'. */
const metricName = /^[a-zA-Z_][a-zA-Z0-9_]{1,128}(\{[^{}:,]+:[^{}:,]+(,[^{}:,]+:[^{}:,]+)*\})?$/;
const expression = /^(count|rate|value|avg|min|max|med|p\(\d+(\.\d+)?\))(<|<=|>|>=|==|!=|===)\d+(\.\d+)?$/;
export const thresholdsSchema = z.record(z.string().regex(metricName), z.array(z.string().regex(expression)).min(1));

export const optionsSchema = z
  .object({
    scenarios: z.record(z.string(), z.union([rampingArrivalRateSchema, constantVusSchema])),
    thresholds: thresholdsSchema,
    summaryTrendStats: z.array(z.string()),
  })
  .strict();

const DURATION_UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

export function goDurationMs(text: string): number {
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(amount) * (DURATION_UNIT_MS[unit as string] as number);
  }
  return total;
}
