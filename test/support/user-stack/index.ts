import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Toxiproxy } from 'toxiproxy-node-client';
import { request } from 'undici';
import { COLOURS, type Colour } from '../../../src/shared/colour.js';
import { startChild } from '../../../src/targets/embedded/child.js';
import { findHaproxy, runHaproxy } from '../../../src/targets/haproxy/process.js';
import { freeLoopbackPort } from '../../../src/util/free-port.js';
import { spawnHeld, type HeldProcess } from '../../../src/util/held-process.js';
import { USER_BACKEND, USER_SERVERS, userHaproxyConfig } from './haproxy-config.js';

export { USER_BACKEND, USER_SERVERS } from './haproxy-config.js';

/** The system's Python (standard library only), as a team's script would run on a plain host. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
const ROLLBACK_SCRIPT = join(import.meta.dirname, 'rollback.py');

export interface RollbackScriptOptions {
  /** Green's error rate above which traffic goes to blue. */
  threshold: number;
  /** Seconds of counters the rate is computed over. */
  window: number;
  /** Seconds the breach must last before the switch. */
  hold?: number;
  minRequests?: number;
  /** Seconds between two reads of green's /metrics. */
  interval?: number;
}

export interface UserStackOptions {
  weights?: { blue: number; green: number };
  /** Reference service knobs per colour (e.g. `{ errorRate: 0.3 }`). */
  knobs?: Partial<Record<Colour, Record<string, unknown>>>;
  /** Whether the team's HAProxy has `option http-no-delay`; default true. */
  httpNoDelay?: boolean;
  /** The team's rollback script; left out, nothing acts on the router. */
  rollback?: RollbackScriptOptions;
}

export interface UserStack {
  routerUrl: string;
  /** Each colour's service itself (`url`) and its Toxiproxy listener (`proxyUrl`, what HAProxy uses). */
  colours: Record<Colour, { url: string; proxyUrl: string }>;
  haproxy: {
    socketPath: string;
    /** The runtime API on TCP, host:port. */
    runtimeApi: string;
    backend: string;
    servers: Record<Colour, string>;
    /** HAProxy's Prometheus exporter. */
    metricsUrl: string;
  };
  toxiproxy: { url: string; proxies: Record<Colour, string> };
  /** The rollback script's log, when it runs. */
  rollbackLog(): string;
  /** Changes a colour's reference knobs while it runs (`PATCH /admin/knobs`). */
  setKnobs(colour: Colour, knobs: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A team's own blue/green deployment, built on loopback the way a team would run it, and not by
 * greenlight's target code: blue and green reference services (`greenlight reference serve`),
 * each behind a proxy of a separate `greenlight toxiproxy serve`, a real HAProxy with its runtime
 * API (unix socket and TCP) and Prometheus exporter, and optionally the team's rollback script
 * (rollback.py, a separate Python process watching green's /metrics and calling the runtime API).
 * Everything stops with `stop()`, and with the test process, even if it is killed.
 */
export async function startUserStack(options: UserStackOptions = {}): Promise<UserStack> {
  const folder = await mkdtemp(join(tmpdir(), 'greenlight-user-stack-'));
  const stoppers: (() => Promise<void>)[] = [async () => rm(folder, { recursive: true, force: true })];
  const stop = async (): Promise<void> => {
    for (const stopper of stoppers.splice(0).reverse()) await stopper().catch(() => undefined);
  };
  try {
    const services = {} as Record<Colour, string>;
    for (const colour of COLOURS) {
      const knobs = JSON.stringify(options.knobs?.[colour] ?? {});
      const child = await startChild(`user's ${colour}`, [
        'reference',
        'serve',
        '--colour',
        colour,
        '--port',
        '0',
        '--knobs-json',
        knobs,
      ]);
      stoppers.push(child.stop);
      services[colour] = child.url;
    }

    const toxiproxyServer = await startChild("user's toxiproxy", ['toxiproxy', 'serve', '--port', '0']);
    stoppers.push(toxiproxyServer.stop);
    const toxiproxy = new Toxiproxy(toxiproxyServer.url);
    const proxies = { blue: 'user-blue', green: 'user-green' };
    const listens = {} as Record<Colour, string>;
    for (const colour of COLOURS) {
      const proxy = await toxiproxy.createProxy({
        name: proxies[colour],
        listen: '127.0.0.1:0',
        upstream: new URL(services[colour]).host,
      });
      listens[colour] = proxy.listen;
    }

    const [port, runtimeApiPort, metricsPort] = [
      await freeLoopbackPort(),
      await freeLoopbackPort(),
      await freeLoopbackPort(),
    ];
    const socketPath = join(folder, 'haproxy.sock');
    const configPath = join(folder, 'haproxy.cfg');
    await writeFile(
      configPath,
      userHaproxyConfig({
        port,
        socketPath,
        runtimeApiPort,
        metricsPort,
        servers: listens,
        weights: options.weights ?? { blue: 50, green: 50 },
        httpNoDelay: options.httpNoDelay ?? true,
      }),
    );
    stoppers.push(await runHaproxy(findHaproxy(), configPath, { path: socketPath }));
    const runtimeApi = `127.0.0.1:${runtimeApiPort}`;

    let rollback: HeldProcess | undefined;
    if (options.rollback) {
      rollback = startRollbackScript(options.rollback, { metrics: `${services.green}/metrics`, runtimeApi });
      stoppers.push(rollback.stop);
    }
    return {
      routerUrl: `http://127.0.0.1:${port}`,
      colours: {
        blue: { url: services.blue, proxyUrl: `http://${listens.blue}` },
        green: { url: services.green, proxyUrl: `http://${listens.green}` },
      },
      haproxy: {
        socketPath,
        runtimeApi,
        backend: USER_BACKEND,
        servers: { ...USER_SERVERS },
        metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
      },
      toxiproxy: { url: toxiproxyServer.url, proxies },
      rollbackLog: () => rollback?.output() ?? '',
      setKnobs: async (colour, knobs) => {
        const response = await request(`${services[colour]}/admin/knobs`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(knobs),
        });
        const text = await response.body.text();
        if (response.statusCode !== 200) throw new Error(`PATCH ${colour} knobs: ${response.statusCode} ${text}`);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function startRollbackScript(
  options: RollbackScriptOptions,
  where: { metrics: string; runtimeApi: string },
): HeldProcess {
  const flags: Record<string, string | number | undefined> = {
    '--metrics': where.metrics,
    '--haproxy': where.runtimeApi,
    '--backend': USER_BACKEND,
    '--blue-server': USER_SERVERS.blue,
    '--green-server': USER_SERVERS.green,
    '--threshold': options.threshold,
    '--window': options.window,
    '--hold': options.hold,
    '--min-requests': options.minRequests,
    '--interval': options.interval,
  };
  const args = Object.entries(flags).flatMap(([flag, value]) => (value === undefined ? [] : [flag, String(value)]));
  return spawnHeld(SYSTEM_PYTHON, ['-u', ROLLBACK_SCRIPT, ...args], { stdout: 'capture' });
}
