import { createServer } from 'node:http';
import { EnvironmentError, InputError, errorMessage } from '../../errors.js';
import { COLOURS, type Colour } from '../../shared/colour.js';
import {
  haproxyCommand,
  parseHaproxySocket,
  parseServersState,
  parseStat,
  type HaproxySocket,
  type ServerCounters,
} from '../../shared/haproxy/runtime-api.js';
import { stageWeights } from '../../shared/canary.js';
import { CanaryPromotion } from '../router/canary.js';
import { RollbackController } from '../router/controller.js';
import { ObservationWindow } from '../router/observation-window.js';
import { describeIssues } from '../router/options.js';
import { sameWeights } from '../router/traffic.js';
import { listen, type RunningServer } from '../server.js';
import { HaproxyTraffic, type ColourServers } from './haproxy-traffic.js';
import { haproxyControllerOptionsSchema, type HaproxyControllerConfig } from './options.js';

export { haproxyControllerOptionsSchema } from './options.js';
export type { HaproxyControllerConfig } from './options.js';

/**
 * Starts the reference rollback controller against HAProxy: every interval it reads the
 * backend's per-server counters (`show stat`), turns their growth into requests and errors per
 * colour, evaluates the rules with the reference router's controller, follows the canary plan
 * if there is one, and switches with `set weight`. It serves its switch record as JSON on GET / (for people and tests).
 */
export async function startHaproxyController(
  config: HaproxyControllerConfig,
  onError: (message: string) => void,
): Promise<RunningServer> {
  const parsed = haproxyControllerOptionsSchema.safeParse(config);
  if (!parsed.success) throw new InputError(`HAProxy controller options: ${describeIssues(parsed.error, 'options')}`);
  const options = parsed.data;
  const socket = parseHaproxySocket(options.socket);
  const serversState = async () =>
    parseServersState(await haproxyCommand(socket, `show servers state ${options.backend}`));
  const initial = await serversState().catch((error: unknown) => {
    throw new EnvironmentError(
      `cannot read backend "${options.backend}" from HAProxy at ${options.socket}: ${errorMessage(error)}`,
    );
  });
  const { servers } = options;
  if (!COLOURS.every((colour) => initial.some((state) => state.server === servers[colour]))) {
    throw new InputError(
      `HAProxy backend "${options.backend}" has no servers ${servers.blue} (blue) and ${servers.green} (green); it has ${initial.map((state) => state.server).join(', ') || 'none'}`,
    );
  }
  const traffic = new HaproxyTraffic(socket, options.backend, servers, initial, onError);
  const spanMs = Math.max(10_000, ...options.rules.map((rule) => rule.window));
  const windows = { blue: new ObservationWindow(spanMs), green: new ObservationWindow(spanMs) };
  const controller = new RollbackController(
    options.rules,
    (colour, windowMs, now) => windows[colour].view(windowMs, now),
    traffic,
  );
  const counters = new CounterDeltas(socket, options.backend, servers);
  await counters.next();
  const canary = options.canary;
  let promotion: CanaryPromotion | undefined;
  if (canary) {
    const first = stageWeights(canary.stages[0] ?? 0);
    if (!sameWeights(traffic.current, first)) traffic.set(first, 'canary: first stage', 'controller');
    promotion = new CanaryPromotion(canary.stages, canary.everyMs, traffic, Date.now());
  }

  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let lastError: string | undefined;
  const tick = async (): Promise<void> => {
    try {
      const now = Date.now();
      const deltas = await counters.next();
      for (const colour of COLOURS) windows[colour].recordCounts(now, deltas[colour].requests, deltas[colour].errors);
      traffic.refresh(await serversState());
      controller.evaluate(now);
      promotion?.tick(now);
      lastError = undefined;
    } catch (error) {
      const message = errorMessage(error);
      if (message !== lastError) onError(message);
      lastError = message;
    }
    if (!stopped) timer = setTimeout(() => void tick(), options.intervalMs);
  };
  timer = setTimeout(() => void tick(), options.intervalMs);

  const server = createServer((_request, response) => {
    const body = JSON.stringify({
      backend: options.backend,
      weights: traffic.current,
      rules: options.rules,
      switches: traffic.switches,
    });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(body);
  });
  const running = await listen(server, options.host, options.port);
  return {
    url: running.url,
    port: running.port,
    async close() {
      stopped = true;
      clearTimeout(timer);
      await traffic.settled();
      await running.close();
    },
  };
}

/** The growth of each colour's counters since the previous call (HAProxy's are cumulative). */
class CounterDeltas {
  private previous: Partial<Record<Colour, ServerCounters>> = {};

  constructor(
    private readonly socket: HaproxySocket,
    private readonly backend: string,
    private readonly servers: ColourServers,
  ) {}

  async next(): Promise<Record<Colour, { requests: number; errors: number }>> {
    const rows = parseStat(await haproxyCommand(this.socket, 'show stat')).filter(
      (row) => row.backend === this.backend,
    );
    const delta = (colour: Colour) => {
      const row = rows.find((candidate) => candidate.server === this.servers[colour]);
      const before = this.previous[colour];
      if (row) this.previous[colour] = row;
      if (!row || !before) return { requests: 0, errors: 0 };
      return { requests: Math.max(0, row.requests - before.requests), errors: Math.max(0, row.errors - before.errors) };
    };
    return { blue: delta('blue'), green: delta('green') };
  }
}
