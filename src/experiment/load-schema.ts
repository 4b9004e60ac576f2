import { z } from 'zod';
import { durationMs } from '../shared/duration-schema.js';

const rate = z.number().nonnegative();

const positiveDuration = durationMs.refine((ms) => ms > 0, 'expected a duration above zero');

/** The profile kinds that stand on their own; `sequence` and `sum` combine these. */
const simpleProfileSchemas = [
  z.object({ kind: z.literal('constant'), rate }).strict(),
  z
    .object({
      kind: z.literal('ramp'),
      startRate: rate.default(0),
      /** Linear stages: the rate moves from the previous target to `target` over `duration`. */
      stages: z.array(z.object({ target: rate, duration: durationMs }).strict()).min(1),
    })
    .strict(),
  z
    .object({
      kind: z.literal('spike'),
      baseRate: rate,
      peakRate: rate,
      /** At the base rate before the rise starts. */
      before: durationMs.default(0),
      rise: durationMs,
      hold: durationMs,
      fall: durationMs,
    })
    .strict(),
  z
    .object({
      kind: z.literal('sine'),
      baseRate: rate,
      amplitude: rate,
      period: positiveDuration,
      /** Degrees: 0 starts at the base rate going up, 90 at the peak, -90 at the trough. */
      phase: z.number().default(0),
    })
    .strict()
    .refine((sine) => sine.amplitude <= sine.baseRate, {
      message: 'amplitude must not exceed baseRate (the rate would go below zero)',
      path: ['amplitude'],
    }),
  z
    .object({
      kind: z.literal('step'),
      /** Each rate holds for its duration; the last one holds afterwards. */
      steps: z.array(z.object({ rate, duration: durationMs }).strict()).min(1),
    })
    .strict(),
] as const;

const simpleProfileSchema = z.discriminatedUnion('kind', simpleProfileSchemas);

/** Compresses time: 12 replays an hour of recorded traffic in five minutes. */
const speedup = z.number().positive().default(1);
/** Multiplies the rate. */
const scale = z.number().positive().default(1);

/**
 * A recorded rate (see src/load/profiles/recorded-series.ts): `file` (Grafana's CSV export or
 * Prometheus's query_range JSON, relative to the experiment file) or `prometheus` (a range query
 * over a past window) is read when the experiment is loaded and becomes `points`, which the
 * journal keeps, so a replay needs neither. Linear between points; the last rate holds.
 */
const seriesProfileSchema = z
  .object({
    kind: z.literal('series'),
    file: z.string().min(1).optional(),
    /** CSV only: the header of the value column (default: the first column after the time). */
    column: z.string().min(1).optional(),
    prometheus: z
      .object({
        url: z.url({ protocol: /^https?$/, error: 'expected the Prometheus URL, e.g. http://127.0.0.1:9090' }),
        query: z.string().min(1),
        /** RFC 3339 (2026-03-02T09:00:00Z) or Unix seconds. */
        start: z.union([z.string().min(1), z.number()]),
        end: z.union([z.string().min(1), z.number()]),
        step: durationMs.refine((ms) => ms >= 1000, 'at least 1s').default(15_000),
      })
      .strict()
      .optional(),
    /** [seconds since the first point, requests/s], increasing in time. */
    points: z
      .array(z.tuple([z.number().nonnegative(), rate]))
      .min(1)
      .optional(),
    speedup,
    scale,
  })
  .strict()
  .refine((series) => !(series.file !== undefined && series.prometheus !== undefined), {
    message: 'give one source: `file` or `prometheus`, not both',
    path: ['file'],
  })
  .refine((series) => series.file !== undefined || series.prometheus !== undefined || series.points !== undefined, {
    message: 'give `file`, `prometheus` or `points`',
    path: ['points'],
  })
  .refine(
    (series) => (series.points ?? []).every((point, index, all) => index === 0 || point[0] > all[index - 1]![0]),
    {
      message: 'points must be in increasing time order, one per instant',
      path: ['points'],
    },
  );

/**
 * A request-level trace (see src/load/workloads/trace-file.ts): each recorded request is sent at
 * its offset with its input and output token counts. `file` (Azure LLM inference CSV or Mooncake
 * JSONL, relative to the experiment file) becomes `requests` when the experiment is loaded.
 */
const traceProfileSchema = z
  .object({
    kind: z.literal('trace'),
    file: z.string().min(1).optional(),
    /** Default: by the file's extension (.csv azure, .jsonl mooncake). */
    format: z.enum(['azure', 'mooncake']).optional(),
    /** [ms since the first request, input tokens, output tokens], in time order. */
    requests: z
      .array(z.tuple([z.number().nonnegative(), z.number().int().nonnegative(), z.number().int().nonnegative()]))
      .min(1)
      .optional(),
    speedup,
    scale,
  })
  .strict()
  .refine((trace) => trace.file !== undefined || trace.requests !== undefined, {
    message: 'give `file` or `requests`',
    path: ['file'],
  })
  .refine(
    (trace) => (trace.requests ?? []).every((request, index, all) => index === 0 || request[0] >= all[index - 1]![0]),
    { message: 'requests must be in time order', path: ['requests'] },
  );

/** A profile is an exact arrival rate as a function of time (see src/load/profiles). */
export const profileSchema = z.discriminatedUnion('kind', [
  ...simpleProfileSchemas,
  seriesProfileSchema,
  traceProfileSchema,
  z
    .object({
      kind: z.literal('sequence'),
      /** One after another, each on its own clock from 0; the last part goes on after its duration. */
      parts: z.array(z.object({ duration: positiveDuration, profile: simpleProfileSchema }).strict()).min(1),
    })
    .strict(),
  z
    .object({
      kind: z.literal('sum'),
      /** Rates added together at every instant. */
      profiles: z.array(simpleProfileSchema).min(1),
    })
    .strict(),
]);

/** A token count: fixed, or drawn with the run's seed (rounded, at least 1). */
export const tokenCountSchema = z.union([
  z.number().int().positive(),
  z
    .object({ uniform: z.tuple([z.number().int().positive(), z.number().int().positive()]) })
    .strict()
    .refine((u) => u.uniform[0] <= u.uniform[1], 'uniform: [min, max] with min <= max'),
  z.object({ normal: z.object({ mean: z.number().positive(), stddev: z.number().nonnegative() }).strict() }).strict(),
  /** Log-normal with the given median and sigma (the standard deviation of the log). */
  z
    .object({ lognormal: z.object({ median: z.number().positive(), sigma: z.number().nonnegative() }).strict() })
    .strict(),
]);

const requestCommon = {
  stream: z.boolean().default(true),
  promptTokens: tokenCountSchema.default(256),
  maxTokens: tokenCountSchema.default(64),
  /** Model name sent to the service; default: whatever the service lists first. */
  model: z.string().optional(),
  /**
   * A JSONL file of prompts (path relative to the experiment file), one per line:
   * {"prompt": "..."} or {"messages": [{"role": "user", "content": "..."}]}, with an optional
   * "maxTokens". Lines are drawn at random with the run's seed; promptTokens is then unused.
   */
  dataset: z.string().min(1).optional(),
};

/**
 * Chat kinds: a conversation of this many turns, each turn's request carrying the previous turns
 * and their answers (see docs/load.md for how conversations map onto arrivals).
 */
const turns = z.number().int().min(1).default(1);

export const REQUEST_KINDS = ['chat', 'completions', 'embeddings', 'ollama-generate', 'ollama-chat'] as const;

export const requestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('chat'), ...requestCommon, turns }).strict(),
  z.object({ kind: z.literal('completions'), ...requestCommon }).strict(),
  /** Embeddings are never streamed and generate no tokens: stream and maxTokens are ignored. */
  z.object({ kind: z.literal('embeddings'), ...requestCommon, stream: z.literal(false).default(false) }).strict(),
  z.object({ kind: z.literal('ollama-generate'), ...requestCommon }).strict(),
  z.object({ kind: z.literal('ollama-chat'), ...requestCommon, turns }).strict(),
]);

export const workloadSchema = z
  .object({
    mix: z.array(z.object({ weight: z.number().positive().default(1), request: requestSchema }).strict()).min(1),
  })
  .strict();

/** Per-request objectives: a request is good when it succeeded and met every one given. */
export const goodputSchema = z
  .object({ ttft: durationMs.optional(), tpot: durationMs.optional(), e2e: durationMs.optional() })
  .strict();

export const loadSchema = z
  .object({
    /** Open model: arrivals follow this rate whatever the target does. Give this or `concurrency`. */
    profile: profileSchema.optional(),
    /** Closed model: this many requests in flight, each starting the next when it ends. */
    concurrency: z.number().int().positive().optional(),
    workload: workloadSchema.default({ mix: [{ weight: 1, request: requestSchema.parse({ kind: 'chat' }) }] }),
    /** How arrivals are spaced: evenly, as a Poisson process, or gamma-distributed gaps (seeded). */
    arrival: z.enum(['even', 'poisson', 'gamma']).default('even'),
    /** Gamma arrivals only: 1 is Poisson, below 1 burstier, above 1 more regular (vLLM's definition). */
    burstiness: z.number().positive().optional(),
    /** Cap on requests in flight; an arrival beyond it is dropped and counted, never delayed. */
    maxInFlight: z.number().int().positive().default(512),
    /** A request not finished after this fails as a timeout. */
    timeout: durationMs.default(30_000),
    goodput: goodputSchema.optional(),
    /**
     * How long one request usually takes, end to end. The k6 engine sizes its pre-allocated VUs
     * from it (rate × latency, Little's law); default the goodput e2e objective, else 2 s.
     */
    expectedLatency: positiveDuration.optional(),
    /**
     * What a load generator that was itself the bottleneck (its event loop lagging, or arrivals
     * dropped) does to the verdict: 'warn' (the default) says so in the summary and report;
     * 'fail' also fails the run. See docs/load.md, "Is the client the bottleneck?".
     */
    clientBottleneck: z.enum(['warn', 'fail']).optional(),
  })
  .strict()
  .refine((load) => (load.profile === undefined) !== (load.concurrency === undefined), {
    message:
      'give exactly one of `profile` (open model: an arrival rate) or `concurrency` (closed model: requests in flight)',
    path: ['profile'],
  })
  .refine((load) => load.burstiness === undefined || load.arrival === 'gamma', {
    message: "burstiness applies only to arrival: 'gamma'",
    path: ['burstiness'],
  })
  .refine((load) => load.profile?.kind !== 'trace' || load.arrival === 'even', {
    message: 'a trace replays its recorded arrivals: `arrival` applies to rate profiles only',
    path: ['arrival'],
  });

export type Profile = z.output<typeof profileSchema>;
export type SeriesProfile = z.output<typeof seriesProfileSchema>;
export type TraceProfile = z.output<typeof traceProfileSchema>;
export type ProfileInput = z.input<typeof profileSchema>;
export type TokenCount = z.output<typeof tokenCountSchema>;
export type RequestSpec = z.output<typeof requestSchema>;
export type Workload = z.output<typeof workloadSchema>;
export type LoadSpec = z.output<typeof loadSchema>;
export type Goodput = z.output<typeof goodputSchema>;
