import { z } from 'zod';
import { canaryOptionsSchema, controllerRuleSchema } from '../router/options.js';

/**
 * The reference rollback controller run against HAProxy. It learns traffic from HAProxy's
 * per-server counters, which carry counts but no latency distribution, so only error-rate
 * rules can be enforced (HAProxy's `rtime`/`ttime` are averages over the last 1024 requests,
 * not percentiles over a window).
 */
export const haproxyControllerOptionsSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(0),
    /** The runtime API: a unix socket path or `127.0.0.1:<port>`. */
    socket: z.string().min(1),
    /** The backend holding the colours' servers. */
    backend: z.string().min(1),
    /** The backend's server that is each colour. */
    servers: z
      .object({ blue: z.string().min(1), green: z.string().min(1) })
      .strict()
      .default({ blue: 'blue', green: 'green' }),
    rules: z.array(
      controllerRuleSchema.refine((rule) => rule.metric === 'error-rate', {
        message: 'against HAProxy only error-rate rules can be enforced (its counters carry no latency percentiles)',
        path: ['metric'],
      }),
    ),
    intervalMs: z.number().positive().default(250),
    /** A staged canary promotion of green to follow from the controller's start. */
    canary: canaryOptionsSchema.optional(),
  })
  .strict();

export type HaproxyControllerConfig = z.input<typeof haproxyControllerOptionsSchema>;
export type HaproxyControllerOptions = z.output<typeof haproxyControllerOptionsSchema>;
