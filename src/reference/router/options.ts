import { z } from 'zod';
import { COLOURS } from '../../shared/colour.js';
import type { Colour } from '../../shared/colour.js';
import { canarySchema } from '../../shared/canary.js';
import { conditionSchema } from '../../shared/condition.js';
import type { Condition } from '../../shared/condition.js';
import { ruleActionSchema, type RuleAction } from '../../shared/rule-action.js';

const percent = z.number().min(0).max(100);

/** The fields of a traffic split in percent; the split must also pass `addsUpTo100`. */
export const weightsShape = { blue: percent, green: percent };

export const addsUpTo100 = {
  check: (weights: Weights): boolean => Math.abs(weights.blue + weights.green - 100) < 1e-9,
  message: 'blue + green must add up to 100 (percent)',
} as const;

export const weightsSchema = z.object(weightsShape).strict().refine(addsUpTo100.check, addsUpTo100.message);

export type Weights = Record<Colour, number>;

export interface ControllerRule extends Condition {
  name: string;
  switchTo: Colour;
  /** When given, the split the rule sets instead of all traffic to `switchTo`. */
  action?: RuleAction | undefined;
}

export const controllerRuleSchema = conditionSchema.extend({
  name: z.string().min(1),
  switchTo: z.enum(COLOURS),
  action: ruleActionSchema.optional(),
});

export interface HealthCheckOptions {
  intervalMs: number;
  timeoutMs: number;
  path: string;
}

export interface ReferenceRouterOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Base URL of each colour, e.g. http://127.0.0.1:9101. */
  upstreams: Record<Colour, string>;
  /** The initial split in percent. */
  weights: Weights;
  controller: { enabled: boolean; rules: ControllerRule[]; intervalMs: number };
  /** A staged canary promotion of green to follow from the router's start (starts at stages[0]). */
  canary?: { stages: number[]; everyMs: number };
  /** Default: every 500 ms, 1000 ms timeout, GET /health. */
  healthCheck?: HealthCheckOptions;
  /**
   * Longest wait for the upstream's response headers, and longest silence between two body
   * chunks, before the router gives up (504 before headers, a cut stream after). Default 60 s.
   */
  upstreamTimeoutMs?: number;
}

/** A canary plan in the routers' own terms (percent stages, milliseconds). */
export const canaryOptionsSchema = z
  .object({ stages: canarySchema.shape.stages, everyMs: z.number().min(1000) })
  .strict();

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// base URL' });

/** Validates a router configuration, e.g. the JSON handed to `greenlight reference router`. */
export const referenceRouterOptionsSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(0),
    upstreams: z.object({ blue: httpUrl, green: httpUrl }).strict(),
    weights: weightsSchema,
    controller: z
      .object({
        enabled: z.boolean(),
        rules: z.array(controllerRuleSchema),
        intervalMs: z.number().positive(),
      })
      .strict(),
    canary: canaryOptionsSchema.optional(),
    healthCheck: z
      .object({
        intervalMs: z.number().positive(),
        timeoutMs: z.number().positive(),
        path: z.string().startsWith('/'),
      })
      .strict()
      .default({ intervalMs: 500, timeoutMs: 1000, path: '/health' }),
    upstreamTimeoutMs: z.number().positive().default(60_000),
  })
  .strict();

export type ReferenceRouterConfig = z.input<typeof referenceRouterOptionsSchema>;
export type ResolvedRouterOptions = z.output<typeof referenceRouterOptionsSchema>;

/** One line per problem, each naming the field: `controller.rules.0.above: …`. */
export function describeIssues(error: z.ZodError, root: string): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : root}: ${issue.message}`)
    .join('; ');
}
