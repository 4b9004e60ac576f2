import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NativeEngine } from '../../../../src/load/engines/native/index.js';
import { MemoryJournal } from '../../helpers/journal.js';
import { stall, startServer, type TestServer } from '../../helpers/servers.js';
import { planFor } from './plan.js';

const BODY = JSON.stringify({
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' } }],
  usage: { prompt_tokens: 3, completion_tokens: 1 },
});

let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeServer?.();
  closeServer = undefined;
});

/** A server that ends every answer by closing the connection (no Content-Length, no chunking), as HTTP/1.0-style mocks do. */
async function closeDelimitedServer(): Promise<string> {
  const server: Server = createServer((socket) => {
    socket.once('data', () => {
      socket.end(
        `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-greenlight-colour: blue\r\nconnection: close\r\n\r\n${BODY}`,
      );
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closeServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const chat = { mix: [{ request: { kind: 'chat', model: 'm', stream: false } }] };

describe('the native engine’s connections', () => {
  it('reads answers that end when the server closes, with the next request already on its way', async () => {
    const journal = new MemoryJournal();
    const plan = planFor(await closeDelimitedServer(), { concurrency: 2, workload: chat }, 800);

    await new NativeEngine().run(plan, journal, new AbortController().signal);

    expect(journal.total('requests')).toBeGreaterThan(10);
    expect(journal.outcomes()).toEqual({ '200': journal.total('requests') });
  });

  it('leaves no request timer behind once a closed loop of timed-out requests has ended', async () => {
    const server: TestServer = await startServer(stall());
    closeServer = () => server.close();
    const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    const journal = new MemoryJournal();
    const plan = planFor(server.url, { concurrency: 5, workload: chat, timeout: '100ms' }, 1000);

    await new NativeEngine().run(plan, journal, new AbortController().signal);

    expect(journal.outcomes()['timeout']).toBeGreaterThanOrEqual(20);
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
