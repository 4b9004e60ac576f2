import type { Socket } from 'node:net';
import type { ToxicType } from 'toxiproxy-node-client';
import { describe, expect, it } from 'vitest';
import { delay, readBytes, roundTripMs, startTcpServer, watchUntilClosed } from './fixtures.js';
import { useEchoProxy } from './echo-proxy.js';

const echoProxy = useEchoProxy();
const connect = (): Promise<Socket> => echoProxy.connect();

function addToxic<Attributes>(type: ToxicType, attributes: Attributes) {
  return echoProxy.proxy.addToxic<Attributes>({ name: type, type, stream: 'downstream', toxicity: 1, attributes });
}

describe('timeout toxic', () => {
  it('lets no data through and closes the connection after the timeout', async () => {
    await addToxic('timeout', { timeout: 150 });
    const socket = await connect();
    const ending = watchUntilClosed(socket);
    socket.write('anyone there?');
    const { closedAfterMs, received } = await ending;
    expect(received.length).toBe(0);
    expect(closedAfterMs).toBeGreaterThanOrEqual(150 - 20);
    expect(closedAfterMs).toBeLessThan(150 * 1.1 + 200);
  });

  it('with timeout 0 holds the connection open without data', async () => {
    await addToxic('timeout', { timeout: 0 });
    const socket = await connect();
    let received = 0;
    let closed = false;
    socket.on('data', (data: Buffer) => (received += data.length));
    socket.once('close', () => (closed = true));
    socket.write('anyone there?');
    await delay(300);
    expect(received).toBe(0);
    expect(closed).toBe(false);
  });

  it('closes the connections it held when it is removed', async () => {
    const toxic = await addToxic('timeout', { timeout: 0 });
    const socket = await connect();
    const ending = watchUntilClosed(socket);
    socket.write('anyone there?');
    await delay(50);
    await toxic.remove();
    expect((await ending).received.length).toBe(0);
  });
});

describe('reset_peer toxic', () => {
  it('resets the connection (ECONNRESET) the timeout after data arrives', async () => {
    await addToxic('reset_peer', { timeout: 100 });
    const socket = await connect();
    const ending = watchUntilClosed(socket);
    socket.write('ping');
    const { closedAfterMs, errorCode, received } = await ending;
    expect(errorCode).toBe('ECONNRESET');
    expect(received.length).toBe(0);
    expect(closedAfterMs).toBeGreaterThanOrEqual(100 - 20);
    expect(closedAfterMs).toBeLessThan(100 * 1.1 + 200);
  });
});

describe('bandwidth toxic', () => {
  it('paces the data at the rate in KB/s', async () => {
    await addToxic('bandwidth', { rate: 100 });
    const socket = await connect();
    const payload = Buffer.alloc(40_000, 7);
    const started = performance.now();
    const reply = readBytes(socket, payload.length);
    socket.write(payload);
    expect((await reply).equals(payload)).toBe(true);
    // 40 000 bytes at 100 000 bytes/s: 400 ms.
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(400 * 0.9);
    expect(elapsed).toBeLessThan(400 * 1.1 + 200);
  });
});

describe('slow_close toxic', () => {
  it('holds the close back for the delay after the last data', async () => {
    const closing = await startTcpServer((socket) => socket.end('bye'));
    try {
      await echoProxy.proxy.update({ enabled: true, listen: echoProxy.proxy.listen, upstream: closing.address });
      await addToxic('slow_close', { delay: 200 });
      const socket = await connect();
      const ending = watchUntilClosed(socket);
      const bye = await readBytes(socket, 3);
      const byeAt = performance.now();
      expect(bye.toString()).toBe('bye');
      await ending;
      const closeDelay = performance.now() - byeAt;
      expect(closeDelay).toBeGreaterThanOrEqual(200 - 30);
      expect(closeDelay).toBeLessThan(200 * 1.1 + 200);
    } finally {
      await closing.close();
    }
  });
});

describe('slicer toxic', () => {
  it('delivers the data intact in small pieces spaced by the delay', async () => {
    await addToxic('slicer', { average_size: 10, size_variation: 4, delay: 20_000 });
    const socket = await connect();
    const payload = Buffer.from('x'.repeat(100));
    const pieces: number[] = [];
    socket.on('data', (data: Buffer) => pieces.push(data.length));
    const started = performance.now();
    const reply = readBytes(socket, payload.length);
    socket.write(payload);
    expect((await reply).equals(payload)).toBe(true);
    // About ten pieces of 6 to 14 bytes, 20 ms apart.
    expect(pieces.length).toBeGreaterThanOrEqual(5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(4 * 20);
  });
});

describe('limit_data toxic', () => {
  it('closes the connection once the byte limit went through, cutting the last chunk', async () => {
    await addToxic('limit_data', { bytes: 10 });
    const socket = await connect();
    const ending = watchUntilClosed(socket);
    socket.write('hello world, and a lot more');
    const { received } = await ending;
    expect(received.toString()).toBe('hello worl');
  });

  it('lets data under the limit through untouched', async () => {
    await addToxic('limit_data', { bytes: 1000 });
    expect(await roundTripMs(await connect(), 'short')).toBeLessThan(1000);
  });
});
