import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../src/errors.js';
import { faultSchema, latencyFaultSchema, type LatencyFault } from '../../../src/experiment/faults-schema.js';
import type { FaultEnvironment } from '../../../src/faults/driver.js';
import { ToxiproxyDriver } from '../../../src/faults/toxiproxy/driver.js';
import type { NetworkFault } from '../../../src/faults/toxiproxy/network-faults.js';
import { auditToxiproxy, ensureProxy, listGreenlightToxics } from '../../../src/faults/toxiproxy/proxies.js';
import { connectTo, fastestRoundTripMs, rawApi, startEchoServer, type TcpServer } from './fixtures.js';
import { proxyName, startToxiproxyUnderTest } from './toxiproxy-under-test.js';

const BLUE = proxyName('greenlight-blue');
const GREEN = proxyName('greenlight-green');
const SVC = proxyName('svc');

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
  await ensureProxy(server.url, { name: BLUE, listen: '127.0.0.1:0', upstream: echo.address });
  await ensureProxy(server.url, { name: GREEN, listen: '127.0.0.1:0', upstream: echo.address });
  environment = { toxiproxy: { url: server.url, proxies: { blue: BLUE, green: GREEN } } };
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
      revert: { url: server.url, proxy: GREEN, toxic: 'greenlight-slow-green' },
    });
    const toxic = JSON.parse(
      (await rawApi(server.url, 'GET', `/proxies/${GREEN}/toxics/greenlight-slow-green`)).text,
    ) as unknown;
    expect(toxic).toEqual({
      attributes: { latency: 150, jitter: 10 },
      name: 'greenlight-slow-green',
      type: 'latency',
      stream: 'upstream',
      toxicity: 0.5,
    });
    expect(await listGreenlightToxics(server.url)).toContain(`${GREEN}/greenlight-slow-green`);

    await driver.revert(lease);
    expect(await auditToxiproxy(server.url, [BLUE, GREEN])).toEqual([]);
    await expect(driver.revert(lease)).resolves.toBe('reverted');
  });

  it('slows the colour it targets down by the latency while applied', async () => {
    const listen = await ensureProxy(server.url, {
      name: GREEN,
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

  it('fails with an EnvironmentError when Toxiproxy cannot be reached or is not configured; a revert there finds the toxic gone', async () => {
    const closed = { url: 'http://127.0.0.1:1' };
    const unreachable: FaultEnvironment = { toxiproxy: { url: closed.url, proxies: { blue: 'a', green: 'b' } } };
    await expect(driver.apply(fault(), unreachable)).rejects.toThrow(EnvironmentError);
    await expect(
      driver.revert({
        name: 'x',
        kind: 'latency',
        target: 'green',
        revert: { url: closed.url, proxy: 'a', toxic: 'b' },
      }),
    ).resolves.toBe('gone');
    await expect(listGreenlightToxics(closed.url)).rejects.toThrow(EnvironmentError);
    await expect(driver.apply(fault(), {})).rejects.toThrow(EnvironmentError);
  });
});

const network = (input: Record<string, unknown>): NetworkFault =>
  faultSchema.parse({ name: 'n', target: 'green', at: 0, ...input }) as NetworkFault;

describe('ToxiproxyDriver: the network catalogue', () => {
  const catalogue: [Record<string, unknown>, string, { type: string; attributes: Record<string, number> }][] = [
    [
      { kind: 'bandwidth', rate: 8 },
      'bandwidth 8 KB/s downstream on green',
      { type: 'bandwidth', attributes: { rate: 8 } },
    ],
    [
      { kind: 'slow-close', delay: 200, direction: 'upstream' },
      'slow close +200 ms upstream on green',
      { type: 'slow_close', attributes: { delay: 200 } },
    ],
    [
      { kind: 'timeout', timeout: 0 },
      'timeout: no data, held open downstream on green',
      { type: 'timeout', attributes: { timeout: 0 } },
    ],
    [
      { kind: 'reset-peer', toxicity: 0.05 },
      'reset peer downstream on green (5 % of connections)',
      { type: 'reset_peer', attributes: { timeout: 0 } },
    ],
    [
      { kind: 'slicer', averageSize: 64, sizeVariation: 16, delay: 500 },
      'slicer 64±16 B slices 500 µs apart downstream on green',
      { type: 'slicer', attributes: { average_size: 64, size_variation: 16, delay: 500 } },
    ],
    [
      { kind: 'limit-data', bytes: 1000 },
      'limit data to 1000 B downstream on green',
      { type: 'limit_data', attributes: { bytes: 1000 } },
    ],
  ];

  it.each(catalogue)(
    "%o is described, applied as Toxiproxy's toxic and reverted",
    async (input, description, toxic) => {
      const fault = network(input);
      expect(driver.describe(fault)).toBe(description);
      const lease = await driver.apply(fault, environment);
      const stored = JSON.parse(
        (await rawApi(server.url, 'GET', `/proxies/${GREEN}/toxics/greenlight-n`)).text,
      ) as unknown;
      expect(stored).toMatchObject({ ...toxic, name: 'greenlight-n', stream: input.direction ?? 'downstream' });
      await driver.revert(lease);
      expect(await auditToxiproxy(server.url, [BLUE, GREEN])).toEqual([]);
    },
  );

  it('updates a live toxic in place (a ramp step)', async () => {
    const lease = await driver.apply(network({ kind: 'bandwidth', rate: 100 }), environment);
    expect(await driver.update(lease, network({ kind: 'bandwidth', rate: 5 }))).toEqual(lease);
    const stored = JSON.parse(
      (await rawApi(server.url, 'GET', `/proxies/${GREEN}/toxics/greenlight-n`)).text,
    ) as unknown;
    expect(stored).toMatchObject({ attributes: { rate: 5 }, type: 'bandwidth' });
    await driver.revert(lease);
  });

  it('an outage disables the proxy (connections refused) and reverting enables it again, twice without error', async () => {
    const listen = await ensureProxy(server.url, { name: GREEN, listen: '127.0.0.1:0', upstream: echo.address });
    const outage = network({ kind: 'outage' });
    expect(driver.describe(outage)).toBe("outage: green's proxy disabled");
    const lease = await driver.apply(outage, environment);
    await expect(connectTo(listen)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await auditToxiproxy(server.url, [GREEN])).toEqual([`proxy ${GREEN} disabled`]);
    await driver.revert(lease);
    await driver.revert(lease);
    const socket = await connectTo(listen);
    try {
      expect(await fastestRoundTripMs(socket, 1)).toBeLessThan(1000);
    } finally {
      socket.destroy();
    }
    expect(await auditToxiproxy(server.url, [GREEN])).toEqual([]);
  });

  it('an outage of a proxy that was already disabled leaves it disabled on revert: revert restores exactly', async () => {
    await rawApi(server.url, 'POST', `/proxies/${GREEN}`, { enabled: false });
    const lease = await driver.apply(network({ kind: 'outage' }), environment);
    await driver.revert(lease);
    expect(JSON.parse((await rawApi(server.url, 'GET', `/proxies/${GREEN}`)).text)).toMatchObject({ enabled: false });
  });
});

describe('ensureProxy', () => {
  it('creates a proxy, then reuses it as it is', async () => {
    const first = await ensureProxy(server.url, { name: SVC, listen: '127.0.0.1:0', upstream: echo.address });
    expect(first).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await ensureProxy(server.url, { name: SVC, listen: '127.0.0.1:0', upstream: echo.address })).toBe(first);
    const socket = await connectTo(first);
    try {
      expect(await fastestRoundTripMs(socket, 1)).toBeLessThan(1000);
    } finally {
      socket.destroy();
    }
  });

  it('enables a disabled proxy and points it at a new upstream', async () => {
    const listen = await ensureProxy(server.url, { name: SVC, listen: '127.0.0.1:0', upstream: echo.address });
    await rawApi(server.url, 'POST', `/proxies/${SVC}`, { enabled: false });
    const other = await startEchoServer();
    try {
      expect(await ensureProxy(server.url, { name: SVC, listen: '127.0.0.1:0', upstream: other.address })).toBe(listen);
      expect(JSON.parse((await rawApi(server.url, 'GET', `/proxies/${SVC}`)).text)).toMatchObject({
        enabled: true,
        upstream: other.address,
      });
    } finally {
      await other.close();
    }
  });
});
