import { z } from 'zod';
import { conditionSchema } from '../shared/condition.js';
import { durationMs } from '../shared/duration-schema.js';
import { referenceKnobsSchema } from '../shared/reference-knobs.js';
import { routerObserverSchema } from './router-observer-schema.js';

const weightsSchema = z
  .object({ blue: z.number().min(0).max(100), green: z.number().min(0).max(100) })
  .strict()
  .refine((w) => Math.abs(w.blue + w.green - 100) < 1e-9, 'blue + green must add up to 100 (percent)');

/** The rules the reference controller runs when it does not simply follow the experiment's. */
const controllerSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Rules the controller enforces; default: the experiment's rollback rules. */
    rules: z.array(conditionSchema).optional(),
    /** How often the controller evaluates its rules. */
    interval: durationMs.default(250),
  })
  .strict();

export const embeddedTargetSchema = z
  .object({
    kind: z.literal('embedded'),
    blue: referenceKnobsSchema.default(referenceKnobsSchema.parse({})),
    green: referenceKnobsSchema.default(referenceKnobsSchema.parse({})),
    router: z
      .object({
        /** Which router the stack starts: the reference router, or a real HAProxy (docs/routers.md). */
        kind: z.enum(['reference', 'haproxy']).default('reference'),
        /** How greenlight learns the split: the router's API, or the colour header of the responses (docs/routers.md). */
        observer: z.enum(['api', 'response-header']).default('api'),
        /** Traffic split when the run starts (percent). */
        weights: weightsSchema.default({ blue: 50, green: 50 }),
        controller: controllerSchema.default(controllerSchema.parse({})),
      })
      .strict()
      .default({
        kind: 'reference',
        observer: 'api',
        weights: { blue: 50, green: 50 },
        controller: controllerSchema.parse({}),
      }),
    /** An external Toxiproxy to put the colours' proxies on instead of the embedded one (else TOXIPROXY_URL). */
    toxiproxy: z
      .object({
        url: z.url({ protocol: /^https?$/, error: 'expected the Toxiproxy API URL, e.g. http://127.0.0.1:8474' }),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Blue and green as Docker containers of the reference service image (host network, loopback ports). */
const containersTargetSchema = embeddedTargetSchema.extend({
  kind: z.literal('containers'),
  /** The reference service image, built locally by `npm run image:build`. */
  image: z.string().min(1).default('greenlight-reference:local'),
});

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

/**
 * A request header's value: written out, or read from an environment variable when the run
 * starts. Either way it is sent with every request and never written to the journal, summary,
 * report or terminal.
 */
const headerValueSchema = z.union([
  z.string(),
  z
    .object({
      env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'),
      /** Put before the variable's value, e.g. 'Bearer '. */
      prefix: z.string().default(''),
    })
    .strict(),
]);

export const headersSchema = z
  .record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'expected an HTTP header name'), headerValueSchema)
  .default({});

/** A Docker container: by id, name, label or compose service (docs/targets.md). */
const containerSelectorSchema = z
  .string()
  .regex(
    /^(id:[0-9a-f]{6,64}|name:[A-Za-z0-9][A-Za-z0-9_.-]*|label:[^=\s]+=\S*|service:[A-Za-z0-9][A-Za-z0-9_.-]*)$/,
    'expected id:<container id>, name:<container>, label:<key>=<value> or service:<compose service>',
  );

/** What greenlight may touch of one colour of a user's stack; only what is declared here. */
const externalColourSchema = z
  .object({
    /** The colour's own URL, past the router: preflight and the router's cost. */
    url: httpUrl.optional(),
    /** Its Docker container: the only container container faults (and a GPU sidecar) may touch for it. */
    container: containerSelectorSchema.optional(),
    /** It is a greenlight reference service: its admin API, which takes simulated GPU pressure. */
    referenceAdmin: httpUrl.optional(),
    /** The NVIDIA GPU (on the host greenlight runs on) this colour uses: real GPU memory pressure may go there. */
    gpu: z.object({ device: z.number().int().nonnegative() }).strict().optional(),
  })
  .strict();

/** A Toxiproxy proxy in front of a colour: one that exists (its name), or one greenlight creates and removes. */
const proxySchema = z.union([
  z.string().min(1),
  z.object({ listen: z.string().min(1), upstream: z.string().min(1) }).strict(),
]);

/** greenlight's reference rollback controller, driving the user's HAProxy through its runtime API. */
const referenceControllerSchema = z
  .object({
    kind: z.literal('reference'),
    /** The runtime API at admin level: a unix socket path or host:port. */
    runtimeApi: z.string().min(1),
    backend: z.string().min(1),
    /** The backend's server that is each colour. */
    servers: z
      .object({ blue: z.string().min(1), green: z.string().min(1) })
      .strict()
      .default({ blue: 'blue', green: 'green' }),
    /** Rules it enforces; default: the experiment's rollback rules. */
    rules: z.array(conditionSchema).optional(),
    interval: durationMs.default(250),
  })
  .strict();

/** The user's own services: greenlight starts nothing, and touches only what is declared here. */
export const externalTargetSchema = z
  .object({
    kind: z.literal('external'),
    router: z
      .object({
        /** Where the load goes. The router must name the colour that served in the x-greenlight-colour response header. */
        url: httpUrl,
        observer: routerObserverSchema,
        /** The controller under test: the user's own (greenlight only observes), or greenlight's reference one. */
        controller: z.union([z.literal('user'), referenceControllerSchema]).default('user'),
        /** What the router is, so the router-cost check can name the fix for one that holds back tokens. */
        software: z.enum(['haproxy', 'nginx', 'envoy', 'other']).default('other'),
      })
      .strict(),
    colours: z
      .object({ blue: externalColourSchema.default({}), green: externalColourSchema.default({}) })
      .strict()
      .default({ blue: {}, green: {} }),
    headers: headersSchema,
    toxiproxy: z
      .object({ url: httpUrl, proxies: z.object({ blue: proxySchema, green: proxySchema }).strict() })
      .strict()
      .optional(),
  })
  .strict();

/**
 * A docker-compose project greenlight brings up, runs on and takes down: blue, green, the router,
 * Toxiproxy and Prometheus found by greenlight.* labels or service names (docs/targets.md).
 */
export const composeTargetSchema = z
  .object({
    kind: z.literal('compose'),
    /** Compose files in order (later ones override), relative to the file that names them; default: $COMPOSE_FILE, else docker-compose.chaos.yml. */
    files: z.array(z.string().min(1)).min(1).optional(),
    project: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, - and _, starting with a letter or digit')
      .default('greenlight-chaos'),
    /** Only these services are brought up (default: all). */
    services: z.array(z.string().min(1)).optional(),
    /** Leave the project up after the run (`--keep`). */
    keep: z.boolean().default(false),
    /** reference: greenlight's rollback controller drives the project's HAProxy; user: the project has its own. */
    controller: z.enum(['reference', 'user']).default('reference'),
    headers: headersSchema,
    /** How long the services may take to answer after `up`. */
    readyTimeout: durationMs.default(120_000),
  })
  .strict();

export const targetSchema = z.discriminatedUnion('kind', [
  embeddedTargetSchema,
  containersTargetSchema,
  externalTargetSchema,
  composeTargetSchema,
]);

export const defaultTarget = embeddedTargetSchema.parse({ kind: 'embedded' });

export type Target = z.output<typeof targetSchema>;
export type TargetInput = z.input<typeof targetSchema>;
export type EmbeddedTarget = z.output<typeof embeddedTargetSchema>;
export type ContainersTarget = z.output<typeof containersTargetSchema>;
export type ExternalTarget = z.output<typeof externalTargetSchema>;
export type ComposeTarget = z.output<typeof composeTargetSchema>;
export type HeaderValue = z.output<typeof headerValueSchema>;
