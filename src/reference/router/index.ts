import { createServer } from 'node:http';
import { InputError } from '../../errors.js';
import { listen } from '../server.js';
import type { RunningServer } from '../server.js';
import { describeIssues, referenceRouterOptionsSchema } from './options.js';
import type { ReferenceRouterOptions } from './options.js';
import { ReferenceRouter } from './router.js';

export { referenceRouterOptionsSchema, controllerRuleSchema, weightsSchema } from './options.js';
export type {
  ControllerRule,
  HealthCheckOptions,
  ReferenceRouterConfig,
  ReferenceRouterOptions,
  Weights,
} from './options.js';
export type { RouterState, ObservedTraffic } from './state.js';
export type { HealthStatus } from './health-checker.js';
export type { SwitchAuthor, SwitchRecord } from './traffic.js';

/**
 * Starts the reference router: a reverse proxy splitting traffic between the blue and green
 * upstreams, with health checks, a rollback controller and a JSON admin API under /_router.
 * Throws an InputError naming the field when the options are invalid.
 */
export async function startReferenceRouter(options: ReferenceRouterOptions): Promise<RunningServer> {
  const parsed = referenceRouterOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new InputError(`reference router options: ${describeIssues(parsed.error, 'options')}`);
  }
  const router = new ReferenceRouter(parsed.data);
  const server = createServer((request, response) => router.handle(request, response));
  const running = await listen(server, parsed.data.host, parsed.data.port);
  router.start();
  let closing: Promise<void> | undefined;
  return {
    url: running.url,
    port: running.port,
    close() {
      // Upstreams first: in-flight streams end at once instead of holding the server open.
      closing ??= router.stop().then(() => running.close());
      return closing;
    },
  };
}
