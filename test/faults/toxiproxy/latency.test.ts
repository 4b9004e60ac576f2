import type { Socket } from 'node:net';
import type { Latency } from 'toxiproxy-node-client';
import { describe, expect, it } from 'vitest';
import { fastestRoundTripMs, readBytes, roundTripMs, startTcpServer } from './fixtures.js';
import { useEchoProxy } from './echo-proxy.js';

const LATENCY_MS = 150;
/** Generous on this busy machine: 10 % plus 20 ms over, and timers never fire early. */
const within = (measured: number, expected: number): void => {
  expect(measured).toBeGreaterThanOrEqual(expected - 2);
  expect(measured).toBeLessThanOrEqual(expected * 1.1 + 20);
};

const echoProxy = useEchoProxy();
const connect = (): Promise<Socket> => echoProxy.connect();

function addLatency(attributes: Latency, options: { stream?: 'upstream' | 'downstream'; toxicity?: number } = {}) {
  return echoProxy.proxy.addToxic<Latency>({
    name: 'latency',
    type: 'latency',
    stream: options.stream ?? 'downstream',
    toxicity: options.toxicity ?? 1,
    attributes,
  });
}

describe('latency toxic', () => {
  it('adds the latency to a round trip, and removing it restores the connection speed', async () => {
    const socket = await connect();
    const baseline = await fastestRoundTripMs(socket);
    expect(baseline).toBeLessThan(50);

    const toxic = await addLatency({ latency: LATENCY_MS, jitter: 0 });
    within((await fastestRoundTripMs(socket)) - baseline, LATENCY_MS);

    await toxic.remove();
    expect(await fastestRoundTripMs(socket)).toBeLessThan(LATENCY_MS / 2);
  });

  it('acts on connections opened after the toxic was added', async () => {
    await addLatency({ latency: LATENCY_MS, jitter: 0 });
    const socket = await connect();
    within(await fastestRoundTripMs(socket), LATENCY_MS);
  });

  it('keeps every delay within latency ± jitter, and the delays vary', async () => {
    await addLatency({ latency: 100, jitter: 50 });
    const socket = await connect();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) delays.push(await roundTripMs(socket));
    for (const measured of delays) {
      expect(measured).toBeGreaterThanOrEqual(50 - 2);
      expect(measured).toBeLessThanOrEqual(150 * 1.1 + 20);
    }
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(10);
  });

  it('delays each chunk from when it arrived, so chunks in flight are not delayed one after another', async () => {
    await addLatency({ latency: LATENCY_MS, jitter: 0 });
    const socket = await connect();
    const started = performance.now();
    const reply = readBytes(socket, 6);
    for (const part of ['a', 'b', 'c']) {
      socket.write(part);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    socket.write('def');
    expect((await reply).toString()).toBe('abcdef');
    // Serial delays would take 4 × 150 ms; overlapping ones take one latency plus the 30 ms of writing.
    within(performance.now() - started, LATENCY_MS + 30);
  });

  it('with toxicity 0 leaves connections alone, with toxicity 1 delays every one', async () => {
    const toxic = await addLatency({ latency: LATENCY_MS, jitter: 0 }, { toxicity: 0 });
    for (let i = 0; i < 3; i++) expect(await fastestRoundTripMs(await connect(), 2)).toBeLessThan(LATENCY_MS / 2);

    await toxic.update({ ...toxic.toJson(), toxicity: 1 });
    for (let i = 0; i < 3; i++) within(await fastestRoundTripMs(await connect(), 2), LATENCY_MS);
  });

  it('delays the request on the upstream stream and the response on the downstream stream', async () => {
    let arrivedAt = 0;
    const stamping = await startTcpServer((socket) =>
      socket.on('data', (data: Buffer) => {
        arrivedAt = performance.now();
        socket.write(data);
      }),
    );
    try {
      await echoProxy.proxy.update({ enabled: true, listen: echoProxy.proxy.listen, upstream: stamping.address });
      const measure = async (): Promise<{ toServer: number; total: number }> => {
        const socket = await connect();
        const sentAt = performance.now();
        const total = await roundTripMs(socket);
        return { toServer: arrivedAt - sentAt, total };
      };

      const upstreamToxic = await addLatency({ latency: LATENCY_MS, jitter: 0 }, { stream: 'upstream' });
      const upstream = await measure();
      within(upstream.toServer, LATENCY_MS);
      within(upstream.total, LATENCY_MS);

      await upstreamToxic.remove();
      await addLatency({ latency: LATENCY_MS, jitter: 0 }, { stream: 'downstream' });
      const downstream = await measure();
      expect(downstream.toServer).toBeLessThan(LATENCY_MS / 2);
      within(downstream.total, LATENCY_MS);
    } finally {
      await stamping.close();
    }
  });

  it('adds up when two latency toxics are chained', async () => {
    await addLatency({ latency: 100, jitter: 0 });
    await echoProxy.proxy.addToxic<Latency>({
      name: 'more',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: 100, jitter: 0 },
    });
    within(await fastestRoundTripMs(await connect(), 2), 200);
  });
});
