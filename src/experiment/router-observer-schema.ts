import { pointerSegments } from '@hyperjump/json-pointer';
import { z } from 'zod';
import { durationMs } from '../shared/duration-schema.js';

/** Something per colour: a server name, a PromQL expression, a JSON pointer. */
const perColour = <T extends z.ZodType>(value: T) => z.object({ blue: value, green: value }).strict();

const jsonPointer = z.string().refine(
  (pointer) => {
    try {
      return [...pointerSegments(pointer)].length >= 0;
    } catch {
      return false;
    }
  },
  { message: 'expected a JSON pointer (RFC 6901) such as /weights/blue' },
);

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

/**
 * How greenlight learns where a router it does not own sends traffic (docs/routers.md). Each
 * observer reports a split in percent; values read per colour (weights, shares, request rates)
 * are taken relative to their sum.
 */
export const routerObserverSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('haproxy'),
      /** The runtime API: a unix socket path, or host:port (`stats socket … level admin`, or operator). */
      runtimeApi: z.string().min(1),
      backend: z.string().min(1),
      /** The backend's server that is each colour. */
      servers: perColour(z.string().min(1)).default({ blue: 'blue', green: 'green' }),
    })
    .strict(),
  /** Any router that tags its responses with x-greenlight-colour: learnt from the run's own responses. */
  z.object({ kind: z.literal('response-header') }).strict(),
  z
    .object({
      kind: z.literal('promql'),
      /** The Prometheus to ask; default: the PROMETHEUS_URL environment variable. */
      url: httpUrl.optional(),
      /** An instant query per colour whose value is that colour's share (or weight, or request rate). */
      share: perColour(z.string().min(1)),
    })
    .strict(),
  z
    .object({
      kind: z.literal('http-json'),
      url: httpUrl,
      /** Where each colour's share (or weight) is in the JSON answer to GET url. */
      pointers: perColour(jsonPointer),
      /** Sent with the GET, e.g. an Authorization header. */
      headers: z.record(z.string(), z.string()).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('command'),
      /** Program and arguments, run without a shell; its stdout is {"blue": n, "green": n}. */
      argv: z.array(z.string().min(1)).min(1),
      /** The command is killed, and the poll fails, after this long. */
      timeout: durationMs.default(5000),
    })
    .strict(),
  /** greenlight's reference router, through its admin API. */
  z.object({ kind: z.literal('reference'), url: httpUrl }).strict(),
]);

export type RouterObserverConfig = z.output<typeof routerObserverSchema>;
export type RouterObserverConfigInput = z.input<typeof routerObserverSchema>;
