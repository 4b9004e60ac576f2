import type { Socket } from 'node:net';
import { Toxiproxy, type Proxy } from 'toxiproxy-node-client';
import { afterEach, beforeEach } from 'vitest';
import { connectTo, startEchoServer, type TcpServer } from './fixtures.js';
import { proxyName, startToxiproxyUnderTest } from './toxiproxy-under-test.js';

export interface EchoProxy {
  /** The proxy in front of a TCP echo server, fresh for each test. */
  readonly proxy: Proxy;
  /** Opens a connection through the proxy; every one is destroyed after the test. */
  connect(): Promise<Socket>;
}

/**
 * Per test: the Toxiproxy under test, an echo server, and a proxy in front of it; all of it,
 * and every connection opened through `connect()`, is torn down after the test.
 */
export function useEchoProxy(): EchoProxy {
  let server: { url: string; close(): Promise<void> };
  let echo: TcpServer;
  let proxy: Proxy | undefined;
  const sockets: Socket[] = [];

  beforeEach(async () => {
    server = await startToxiproxyUnderTest();
    echo = await startEchoServer();
    proxy = await new Toxiproxy(server.url).createProxy({
      name: proxyName('echo'),
      listen: '127.0.0.1:0',
      upstream: echo.address,
    });
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await server.close();
    await echo.close();
  });

  const current = (): Proxy => {
    if (!proxy) throw new Error('useEchoProxy: the proxy exists only inside a test');
    return proxy;
  };
  return {
    get proxy() {
      return current();
    },
    async connect() {
      const socket = await connectTo(current().listen);
      sockets.push(socket);
      return socket;
    },
  };
}
