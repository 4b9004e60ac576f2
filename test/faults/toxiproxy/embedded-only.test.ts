import type { Socket } from 'node:net';
import { Toxiproxy, type Latency } from 'toxiproxy-node-client';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentError, InputError } from '../../../src/errors.js';
import { startEmbeddedToxiproxy, type EmbeddedToxiproxy } from '../../../src/faults/toxiproxy/server/index.js';
import {
  connectTo,
  fastestRoundTripMs,
  rawApi,
  readBytes,
  roundTripMs,
  startEchoServer,
  watchUntilClosed,
  type TcpServer,
} from './fixtures.js';
import { REAL_TOXIPROXY_URL } from './toxiproxy-under-test.js';

/** What only greenlight's embedded server promises (seeded toxicity), and where it listens. */
const servers: EmbeddedToxiproxy[] = [];
const upstreams: TcpServer[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) await server.close();
  for (const upstream of upstreams.splice(0)) await upstream.close();
});

async function start(seed = 1): Promise<EmbeddedToxiproxy> {
  const server = await startEmbeddedToxiproxy({ seed });
  servers.push(server);
  return server;
}

async function echo(): Promise<TcpServer> {
  const upstream = await startEchoServer();
  upstreams.push(upstream);
  return upstream;
}

async function connect(address: string): Promise<Socket> {
  const socket = await connectTo(address);
  sockets.push(socket);
  return socket;
}

if (REAL_TOXIPROXY_URL !== undefined) {
  console.warn(
    `embedded-only.test.ts skipped: TOXIPROXY_URL points the suite at a real Toxiproxy (${REAL_TOXIPROXY_URL})`,
  );
}

describe.skipIf(REAL_TOXIPROXY_URL !== undefined)('embedded Toxiproxy', () => {
  it('binds proxies where their listen address says, as Toxiproxy does', async () => {
    const server = await start();
    const upstream = await echo();
    for (const listen of ['nonsense', '127.0.0.1', '127.0.0.1:99999']) {
      const response = await rawApi(server.url, 'POST', '/proxies', { name: 'p', listen, upstream: upstream.address });
      expect(response.status, listen).toBe(400);
    }
    // Every interface (0.0.0.0, or an empty host) is the user's call; the test only talks to it via 127.0.0.1.
    for (const listen of ['127.0.0.1:0', 'localhost:0', '127.0.0.2:0', '0.0.0.0:0', ':0']) {
      const response = await rawApi(server.url, 'POST', '/proxies', {
        name: listen,
        listen,
        upstream: upstream.address,
      });
      expect(response.status, listen).toBe(201);
      const bound = (JSON.parse(response.text) as { listen: string }).listen;
      const port = Number(bound.slice(bound.lastIndexOf(':') + 1));
      const socket = await connect(listen.startsWith('127.0.0.2') ? bound : `127.0.0.1:${port}`);
      const echoed = readBytes(socket, 4);
      socket.write('ping');
      expect((await echoed).toString(), listen).toBe('ping');
    }
  });

  it('serves its API on the host it is given, not only the default', async () => {
    const server = await startEmbeddedToxiproxy({ host: '0.0.0.0' });
    servers.push(server);
    expect(server.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    const response = await fetch(`http://127.0.0.1:${server.port}/version`);
    expect(response.status).toBe(200);
    await response.text();
  });

  it('creates the proxies of a Toxiproxy -config list at start, and names the file when the list is wrong', async () => {
    const upstream = await echo();
    const server = await startEmbeddedToxiproxy({
      proxies: {
        source: 'toxiproxy.json',
        list: [{ name: 'model', listen: '127.0.0.1:0', upstream: upstream.address }],
      },
    });
    servers.push(server);
    const proxy = await new Toxiproxy(server.url).get('model');
    const socket = await connect(proxy.listen);
    const echoed = readBytes(socket, 4);
    socket.write('ping');
    expect((await echoed).toString()).toBe('ping');

    await expect(
      startEmbeddedToxiproxy({ proxies: { source: 'toxiproxy.json', list: [{ name: 'model' }] } }),
    ).rejects.toThrow(new InputError('toxiproxy.json: missing required field: upstream at proxy 1'));
    const taken = proxy.listen;
    await expect(
      startEmbeddedToxiproxy({
        proxies: { source: 'toxiproxy.json', list: [{ name: 'm', listen: taken, upstream: upstream.address }] },
      }),
    ).rejects.toThrow(EnvironmentError);
  });

  it('closes every proxy listener on close, and a second close is harmless', async () => {
    const server = await startEmbeddedToxiproxy({ seed: 1 });
    const upstream = await echo();
    const proxy = await new Toxiproxy(server.url).createProxy({
      name: 'p',
      listen: '127.0.0.1:0',
      upstream: upstream.address,
    });
    const ending = watchUntilClosed(await connect(proxy.listen));
    await server.close();
    await server.close();
    await ending;
    await expect(connectTo(proxy.listen)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(fetch(`${server.url}/version`)).rejects.toThrow();
  });

  it('decides toxicity per connection from the seed: the same seed picks the same connections', async () => {
    const latency = 120;
    const affectedConnections = async (seed: number): Promise<boolean[]> => {
      const server = await start(seed);
      const upstream = await echo();
      const proxy = await new Toxiproxy(server.url).createProxy({
        name: 'p',
        listen: '127.0.0.1:0',
        upstream: upstream.address,
      });
      await proxy.addToxic<Latency>({
        name: 'coin',
        type: 'latency',
        stream: 'downstream',
        toxicity: 0.5,
        attributes: { latency, jitter: 0 },
      });
      const affected: boolean[] = [];
      for (let i = 0; i < 10; i++) affected.push((await roundTripMs(await connect(proxy.listen))) > latency / 2);
      return affected;
    };

    const first = await affectedConnections(7);
    expect(first).toContain(true);
    expect(first).toContain(false);
    expect(await affectedConnections(7)).toEqual(first);
  });

  it('applies a toxic update to open connections', async () => {
    const server = await start();
    const upstream = await echo();
    const proxy = await new Toxiproxy(server.url).createProxy({
      name: 'p',
      listen: '127.0.0.1:0',
      upstream: upstream.address,
    });
    const toxic = await proxy.addToxic<Latency>({
      name: 'slow',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: 150, jitter: 0 },
    });
    const socket = await connect(proxy.listen);
    expect(await fastestRoundTripMs(socket, 1)).toBeGreaterThanOrEqual(148);
    await toxic.update({ ...toxic.toJson(), attributes: { latency: 0, jitter: 0 } });
    expect(await fastestRoundTripMs(socket)).toBeLessThan(75);
  });
});
