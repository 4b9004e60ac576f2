import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../src/errors.js';
import { latencyFaultSchema, type LatencyFault } from '../../../src/experiment/faults-schema.js';
import type { FaultEnvironment } from '../../../src/faults/driver.js';
import { ensureProxy, listGreenlightToxics, ToxiproxyDriver } from '../../../src/faults/toxiproxy/driver.js';
import { connectTo, fastestRoundTripMs, rawApi, startEchoServer, type TcpServer } from './fixtures.js';
import { startToxiproxyUnderTest } from './toxiproxy-under-test.js';

let server: { url: string; close(): Promise<void> };
let echo: TcpServer;
let environment: FaultEnvironment;
const driver = new ToxiproxyDriver();

const fault = (overrides: Partial<LatencyFault> = {}): LatencyFault =>
  latencyFaultSchema.parse({
    name: 'slow-green',
    kind: 'latency',
    target: 'green',
    latency: 150,
    at: '0s',
    ...overrides,
  });

beforeEach(async () => {
  server = await startToxiproxyUnderTest();
  echo = await startEchoServer();
  await ensureProxy(server.url, { name: 'greenlight-blue', listen: '127.0.0.1:0', upstream: echo.address });
  await ensureProxy(server.url, { name: 'greenlight-green', listen: '127.0.0.1:0', upstream: echo.address });
  environment = { toxiproxy: { url: server.url, proxies: { blue: 'greenlight-blue', green: 'greenlight-green' } } };
});

afterEach(async () => {
  await server.close();
  await echo.close();
});

describe('ToxiproxyDriver', () => {
  it('describes a latency fault in one line', () => {
    expect(driver.describe(fault({ latency: 300, jitter: 50 }))).toBe('latency +300±50 ms downstream on green');
    expect(driver.describe(fault({ direction: 'upstream', toxicity: 0.25, target: 'blue' }))).toBe(
      'latency +150 ms upstream on blue (25 % of connections)',
    );
  });

  it('applies a latency toxic on the target colour, and reverting removes it, twice without error', async () => {
    const lease = await driver.apply(fault({ jitter: 10, direction: 'upstream', toxicity: 0.5 }), environment);
    expect(lease).toEqual({
      name: 'slow-green',
      kind: 'latency',
      target: 'green',
      revert: { url: server.url, proxy: 'greenlight-green', toxic: 'greenlight-slow-green' },
    });
    const toxic = JSON.parse(
      (await rawApi(server.url, 'GET', '/proxies/greenlight-green/toxics/greenlight-slow-green')).text,
    ) as unknown;
    expect(toxic).toEqual({
      attributes: { latency: 150, jitter: 10 },
      name: 'greenlight-slow-green',
      type: 'latency',
      stream: 'upstream',
      toxicity: 0.5,
    });
    expect(await listGreenlightToxics(server.url)).toEqual(['greenlight-green/greenlight-slow-green']);

    await driver.revert(lease);
    expect(await listGreenlightToxics(server.url)).toEqual([]);
    await expect(driver.revert(lease)).resolves.toBeUndefined();
  });

  it('slows the colour it targets down by the latency while applied', async () => {
    const listen = await ensureProxy(server.url, {
      name: 'greenlight-green',
      listen: '127.0.0.1:0',
      upstream: echo.address,
    });
    const socket = await connectTo(listen);
    try {
      const lease = await driver.apply(fault(), environment);
      expect(await fastestRoundTripMs(socket, 2)).toBeGreaterThanOrEqual(148);
      await driver.revert(lease);
      expect(await fastestRoundTripMs(socket, 2)).toBeLessThan(75);
    } finally {
      socket.destroy();
    }
  });

  it('fails with an EnvironmentError naming the URL and proxy when the proxy is missing', async () => {
    const missing: FaultEnvironment = { toxiproxy: { url: server.url, proxies: { blue: 'nope', green: 'nope' } } };
    const failure = driver.apply(fault(), missing);
    await expect(failure).rejects.toThrow(EnvironmentError);
    await expect(failure).rejects.toThrow(server.url);
    await expect(failure).rejects.toThrow(/"nope"/);
  });

  it('fails with an EnvironmentError when the same fault is already applied', async () => {
    await driver.apply(fault(), environment);
    await expect(driver.apply(fault(), environment)).rejects.toThrow(/already there/);
  });

  it('fails with an EnvironmentError when Toxiproxy cannot be reached or is not configured', async () => {
    const closed = await startToxiproxyUnderTest();
    await closed.close();
    const unreachable: FaultEnvironment = { toxiproxy: { url: closed.url, proxies: { blue: 'a', green: 'b' } } };
    await expect(driver.apply(fault(), unreachable)).rejects.toThrow(EnvironmentError);
    await expect(
      driver.revert({
        name: 'x',
        kind: 'latency',
        target: 'green',
        revert: { url: closed.url, proxy: 'a', toxic: 'b' },
      }),
    ).rejects.toThrow(closed.url);
    await expect(listGreenlightToxics(closed.url)).rejects.toThrow(EnvironmentError);
    await expect(driver.apply(fault(), {})).rejects.toThrow(EnvironmentError);
  });
});

describe('ensureProxy', () => {
  it('creates a proxy, then reuses it as it is', async () => {
    const first = await ensureProxy(server.url, { name: 'svc', listen: '127.0.0.1:0', upstream: echo.address });
    expect(first).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await ensureProxy(server.url, { name: 'svc', listen: '127.0.0.1:0', upstream: echo.address })).toBe(first);
    const socket = await connectTo(first);
    try {
      expect(await fastestRoundTripMs(socket, 1)).toBeLessThan(1000);
    } finally {
      socket.destroy();
    }
  });

  it('enables a disabled proxy and points it at a new upstream', async () => {
    const listen = await ensureProxy(server.url, { name: 'svc', listen: '127.0.0.1:0', upstream: echo.address });
    await rawApi(server.url, 'POST', '/proxies/svc', { enabled: false });
    const other = await startEchoServer();
    try {
      expect(await ensureProxy(server.url, { name: 'svc', listen: '127.0.0.1:0', upstream: other.address })).toBe(
        listen,
      );
      expect(JSON.parse((await rawApi(server.url, 'GET', '/proxies/svc')).text)).toMatchObject({
        enabled: true,
        upstream: other.address,
      });
    } finally {
      await other.close();
    }
  });
});
