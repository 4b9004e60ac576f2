import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentError, InputError } from '../../../src/errors.js';
import {
  routerObserverSchema,
  type RouterObserverConfigInput,
} from '../../../src/experiment/router-observer-schema.js';
import { haproxyCommand } from '../../../src/shared/haproxy/runtime-api.js';
import { createRouterObserver, describeRouterObserver } from '../../../src/targets/routers/create.js';
import type { RouterObserver, RouterView } from '../../../src/targets/router-observer.js';
import { PROMETHEUS, prometheusAvailable, startPrometheus } from '../../support/prometheus.js';
import { startUserStack, USER_BACKEND, USER_SERVERS, type UserStack } from '../../support/user-stack/index.js';
import { haproxyAvailable } from '../haproxy/available.js';

function observer(config: RouterObserverConfigInput): RouterObserver {
  return createRouterObserver(routerObserverSchema.parse(config));
}

async function eventually(observe: () => Promise<RouterView>, expected: RouterView['weights'], timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let last: RouterView | string = 'nothing yet';
  while (Date.now() < deadline) {
    try {
      last = await observe();
      if (last.weights.blue === expected.blue && last.weights.green === expected.green) return last;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`never saw ${JSON.stringify(expected)}; last: ${JSON.stringify(last)}`);
}

describe.runIf(haproxyAvailable())("observers of a user's HAProxy (real HAProxy, real Prometheus)", () => {
  let stack: UserStack;
  let prometheus: Awaited<ReturnType<typeof startPrometheus>> | undefined;
  const runtime = (command: string): Promise<string> => haproxyCommand({ path: stack.haproxy.socketPath }, command);

  beforeAll(async () => {
    stack = await startUserStack({ weights: { blue: 80, green: 20 } });
    if (prometheusAvailable()) prometheus = await startPrometheus([stack.haproxy.metricsUrl]);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await stack?.stop();
  });

  it('reads the runtime API over TCP and over the unix socket, with its server names mapped to colours', async () => {
    const servers = { blue: USER_SERVERS.blue, green: USER_SERVERS.green };
    const tcp = observer({ kind: 'haproxy', runtimeApi: stack.haproxy.runtimeApi, backend: USER_BACKEND, servers });
    const unix = observer({ kind: 'haproxy', runtimeApi: stack.haproxy.socketPath, backend: USER_BACKEND, servers });
    await expect(tcp.observe()).resolves.toEqual({ active: 'split', weights: { blue: 80, green: 20 } });
    await expect(unix.observe()).resolves.toEqual({ active: 'split', weights: { blue: 80, green: 20 } });

    await runtime(`set server ${USER_BACKEND}/${USER_SERVERS.green} state drain`);
    await expect(tcp.observe()).resolves.toEqual({ active: 'blue', weights: { blue: 100, green: 0 } });
    await runtime(`set server ${USER_BACKEND}/${USER_SERVERS.green} state ready`);
    await expect(unix.observe()).resolves.toEqual({ active: 'split', weights: { blue: 80, green: 20 } });
  });

  it('names a server or backend that is not there, and a runtime API that refuses', async () => {
    const wrongServer = observer({ kind: 'haproxy', runtimeApi: stack.haproxy.runtimeApi, backend: USER_BACKEND });
    await expect(wrongServer.observe()).rejects.toThrow(
      `HAProxy backend "${USER_BACKEND}" has no server "blue" (blue)`,
    );
    const wrongBackend = observer({ kind: 'haproxy', runtimeApi: stack.haproxy.runtimeApi, backend: 'nope' });
    await expect(wrongBackend.observe()).rejects.toThrow(/nope/);
    const closed = observer({ kind: 'haproxy', runtimeApi: '127.0.0.1:1', backend: USER_BACKEND });
    await expect(closed.observe()).rejects.toThrow(
      /cannot read HAProxy's runtime API at 127\.0\.0\.1:1: .*ECONNREFUSED/,
    );
  });

  it.runIf(existsSync(PROMETHEUS) || process.env.CI)(
    "follows HAProxy's weights through Prometheus (the exporter's haproxy_server_weight)",
    async () => {
      const share = (server: string): string => `haproxy_server_weight{proxy="${USER_BACKEND}",server="${server}"}`;
      const promql = observer({
        kind: 'promql',
        url: prometheus?.client.url,
        share: { blue: share(USER_SERVERS.blue), green: share(USER_SERVERS.green) },
      });
      await eventually(() => promql.observe(), { blue: 80, green: 20 });
      await runtime(`set weight ${USER_BACKEND}/${USER_SERVERS.green} 0`);
      const switched = await eventually(() => promql.observe(), { blue: 100, green: 0 });
      expect(switched.active).toBe('blue');
      await runtime(`set weight ${USER_BACKEND}/${USER_SERVERS.green} 20`);
      await eventually(() => promql.observe(), { blue: 80, green: 20 });
    },
  );
});

describe('the HTTP JSON observer', () => {
  let server: Server;
  let url = '';
  let answer: unknown = {};
  let lastAuthorization: string | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      lastAuthorization = req.headers.authorization;
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => server?.close());

  it('reads each colour at its JSON pointer, with RFC 6901 escapes, sending the configured headers', async () => {
    answer = { status: { 'stable/blue': { weight: 3 }, 'canary~green': { weight: 1 } } };
    const json = observer({
      kind: 'http-json',
      url: `${url}/status`,
      pointers: { blue: '/status/stable~1blue/weight', green: '/status/canary~0green/weight' },
      headers: { authorization: 'Bearer t0ken' },
    });
    await expect(json.observe()).resolves.toEqual({ active: 'split', weights: { blue: 75, green: 25 } });
    expect(lastAuthorization).toBe('Bearer t0ken');
    answer = { status: { 'stable/blue': { weight: 0 }, 'canary~green': { weight: 100 } } };
    await expect(json.observe()).resolves.toEqual({ active: 'green', weights: { blue: 0, green: 100 } });
  });

  it('says what is wrong: an HTTP error, a missing value, not a number, both zero', async () => {
    const pointers = { blue: '/b', green: '/g' };
    await expect(observer({ kind: 'http-json', url: `${url}/missing`, pointers }).observe()).rejects.toThrow(
      EnvironmentError,
    );
    answer = { b: 1 };
    await expect(observer({ kind: 'http-json', url, pointers }).observe()).rejects.toThrow(/no green value at \/g/);
    answer = { b: 1, g: 'half' };
    await expect(observer({ kind: 'http-json', url, pointers }).observe()).rejects.toThrow(
      /green is "half", expected a number ≥ 0/,
    );
    answer = { b: 0, g: 0 };
    await expect(observer({ kind: 'http-json', url, pointers }).observe()).rejects.toThrow(/both 0/);
  });
});

describe('the command observer', () => {
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-command-observer-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reads {"blue": n, "green": n} from the command\'s stdout', async () => {
    const command = observer({
      kind: 'command',
      argv: [process.execPath, '-e', 'console.log(JSON.stringify({ blue: 30, green: 70 }))'],
    });
    await expect(command.observe()).resolves.toEqual({ active: 'split', weights: { blue: 30, green: 70 } });
  });

  it('runs argv without a shell: metacharacters are plain arguments', async () => {
    const marker = join(folder, 'injected');
    const command = observer({ kind: 'command', argv: ['/bin/echo', `{"blue": 1, "green": 1}; touch ${marker}`] });
    await expect(command.observe()).rejects.toThrow(/expected \{"blue": n, "green": n\} on stdout/);
    expect(existsSync(marker)).toBe(false);
  });

  it('kills a command that hangs, and names one that fails or is not there', async () => {
    const hanging = observer({
      kind: 'command',
      argv: [process.execPath, '-e', 'setTimeout(() => {}, 20000)'],
      timeout: '300ms',
    });
    const started = Date.now();
    await expect(hanging.observe()).rejects.toThrow(/did not finish within 300 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
    const failing = observer({
      kind: 'command',
      argv: [process.execPath, '-e', 'console.error("no rollout"); process.exit(3)'],
    });
    await expect(failing.observe()).rejects.toThrow(/no rollout/);
    const missing = observer({ kind: 'command', argv: [join(folder, 'no-such-cli')] });
    await expect(missing.observe()).rejects.toThrow(/ENOENT/);
  });
});

describe('the router observer schema', () => {
  it('takes each kind with its defaults, and says what it expected', () => {
    expect(routerObserverSchema.parse({ kind: 'haproxy', runtimeApi: '/run/haproxy.sock', backend: 'b' })).toEqual({
      kind: 'haproxy',
      runtimeApi: '/run/haproxy.sock',
      backend: 'b',
      servers: { blue: 'blue', green: 'green' },
    });
    expect(routerObserverSchema.parse({ kind: 'command', argv: ['kubectl'] })).toEqual({
      kind: 'command',
      argv: ['kubectl'],
      timeout: 5000,
    });
    const badPointer = routerObserverSchema.safeParse({
      kind: 'http-json',
      url: 'http://127.0.0.1:1/',
      pointers: { blue: 'weights/blue', green: '/weights/green' },
    });
    expect(badPointer.error?.issues[0]).toMatchObject({
      path: ['pointers', 'blue'],
      message: expect.stringMatching(/JSON pointer/),
    });
    expect(routerObserverSchema.safeParse({ kind: 'command', argv: [] }).success).toBe(false);
    expect(
      routerObserverSchema.safeParse({ kind: 'promql', url: 'ftp://x/', share: { blue: 'a', green: 'b' } }).success,
    ).toBe(false);
  });

  it('needs a Prometheus URL for PromQL, from the file or PROMETHEUS_URL', () => {
    const saved = process.env.PROMETHEUS_URL;
    delete process.env.PROMETHEUS_URL;
    try {
      expect(() => observer({ kind: 'promql', share: { blue: 'a', green: 'b' } })).toThrow(InputError);
      process.env.PROMETHEUS_URL = 'http://127.0.0.1:9090';
      expect(observer({ kind: 'promql', share: { blue: 'a', green: 'b' } }).name).toBe(
        'PromQL at http://127.0.0.1:9090',
      );
    } finally {
      if (saved === undefined) delete process.env.PROMETHEUS_URL;
      else process.env.PROMETHEUS_URL = saved;
    }
  });

  it('describes what each observer reads, for the blast radius', () => {
    const config = routerObserverSchema.parse({ kind: 'command', argv: ['argo', 'rollouts', 'status'], timeout: '2s' });
    expect(describeRouterObserver(config)).toBe('runs argo rollouts status (no shell, killed after 2000 ms)');
  });
});
