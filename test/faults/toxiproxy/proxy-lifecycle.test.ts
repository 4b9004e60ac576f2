import type { Socket } from 'node:net';
import { Toxiproxy, type Proxy } from 'toxiproxy-node-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectTo, roundTripMs, startEchoServer, watchUntilClosed, type TcpServer } from './fixtures.js';
import { proxyName, startToxiproxyUnderTest } from './toxiproxy-under-test.js';

let server: { url: string; close(): Promise<void> };
let echo: TcpServer;
let toxiproxy: Toxiproxy;
let proxy: Proxy;
const sockets: Socket[] = [];

beforeEach(async () => {
  server = await startToxiproxyUnderTest();
  echo = await startEchoServer();
  toxiproxy = new Toxiproxy(server.url);
  proxy = await toxiproxy.createProxy({ name: proxyName('echo'), listen: '127.0.0.1:0', upstream: echo.address });
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server.close();
  await echo.close();
});

async function connect(): Promise<Socket> {
  const socket = await connectTo(proxy.listen);
  sockets.push(socket);
  return socket;
}

const setEnabled = (enabled: boolean) => proxy.update({ enabled, listen: proxy.listen, upstream: proxy.upstream });

describe('proxy lifecycle', () => {
  it('proxies bytes both ways', async () => {
    expect(await roundTripMs(await connect(), 'hello through the proxy')).toBeLessThan(1000);
  });

  it('when disabled closes open connections and refuses new ones; enabled again, it serves on the same address', async () => {
    const open = await connect();
    const ending = watchUntilClosed(open);

    await setEnabled(false);
    await ending;
    await expect(connectTo(proxy.listen)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const enabled = await setEnabled(true);
    expect(enabled.listen).toBe(proxy.listen);
    expect(await roundTripMs(await connect())).toBeLessThan(1000);
  });

  it('when deleted closes its connections and stops listening', async () => {
    const ending = watchUntilClosed(await connect());
    await proxy.remove();
    await ending;
    await expect(connectTo(proxy.listen)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('moves to a new upstream when updated', async () => {
    const other = await startEchoServer();
    try {
      const moved = await proxy.update({ enabled: true, listen: proxy.listen, upstream: other.address });
      expect(moved.upstream).toBe(other.address);
      expect(await roundTripMs(await connect())).toBeLessThan(1000);
    } finally {
      await other.close();
    }
  });

  it('closes a client whose upstream cannot be reached', async () => {
    const gone = await startEchoServer();
    await gone.close();
    await proxy.update({ enabled: true, listen: proxy.listen, upstream: gone.address });
    const ending = await watchUntilClosed(await connect());
    expect(ending.received.length).toBe(0);
  });

  it('closes the client side once the upstream closes', async () => {
    const closing = await startEchoServer();
    await proxy.update({ enabled: true, listen: proxy.listen, upstream: closing.address });
    const socket = await connect();
    const ending = watchUntilClosed(socket);
    await closing.close();
    expect((await ending).errorCode).toBeUndefined();
  });
});
