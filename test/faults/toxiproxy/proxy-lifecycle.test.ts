import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { connectTo, roundTripMs, startEchoServer, watchUntilClosed } from './fixtures.js';
import { useEchoProxy } from './echo-proxy.js';

const echoProxy = useEchoProxy();
const connect = (): Promise<Socket> => echoProxy.connect();

const setEnabled = (enabled: boolean) =>
  echoProxy.proxy.update({ enabled, listen: echoProxy.proxy.listen, upstream: echoProxy.proxy.upstream });

describe('proxy lifecycle', () => {
  it('proxies bytes both ways', async () => {
    expect(await roundTripMs(await connect(), 'hello through the proxy')).toBeLessThan(1000);
  });

  it('when disabled closes open connections and refuses new ones; enabled again, it serves on the same address', async () => {
    const open = await connect();
    const ending = watchUntilClosed(open);

    await setEnabled(false);
    await ending;
    await expect(connectTo(echoProxy.proxy.listen)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const enabled = await setEnabled(true);
    expect(enabled.listen).toBe(echoProxy.proxy.listen);
    expect(await roundTripMs(await connect())).toBeLessThan(1000);
  });

  it('when deleted closes its connections and stops listening', async () => {
    const ending = watchUntilClosed(await connect());
    await echoProxy.proxy.remove();
    await ending;
    await expect(connectTo(echoProxy.proxy.listen)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('moves to a new upstream when updated', async () => {
    const other = await startEchoServer();
    try {
      const moved = await echoProxy.proxy.update({
        enabled: true,
        listen: echoProxy.proxy.listen,
        upstream: other.address,
      });
      expect(moved.upstream).toBe(other.address);
      expect(await roundTripMs(await connect())).toBeLessThan(1000);
    } finally {
      await other.close();
    }
  });

  it('closes a client whose upstream cannot be reached', async () => {
    const gone = await startEchoServer();
    await gone.close();
    await echoProxy.proxy.update({ enabled: true, listen: echoProxy.proxy.listen, upstream: gone.address });
    const ending = await watchUntilClosed(await connect());
    expect(ending.received.length).toBe(0);
  });

  it('closes the client side once the upstream closes', async () => {
    const closing = await startEchoServer();
    await echoProxy.proxy.update({ enabled: true, listen: echoProxy.proxy.listen, upstream: closing.address });
    const socket = await connect();
    const ending = watchUntilClosed(socket);
    await closing.close();
    expect((await ending).errorCode).toBeUndefined();
  });
});
