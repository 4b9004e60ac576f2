import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionClosedError, type ExchangeHandler } from '../../../../../src/load/engines/native/http1/exchange.js';
import { Http1Pool } from '../../../../../src/load/engines/native/http1/pool.js';
import { closedPortUrl } from '../../../helpers/servers.js';
import { ok, startScriptedServer, type Reply, type ScriptedServer } from './scripted-server.js';

interface Heard {
  status?: number;
  headers?: readonly string[];
  body: string;
  error?: Error;
}

let server: ScriptedServer | undefined;
let pool: Http1Pool | undefined;
afterEach(async () => {
  pool?.destroy();
  await server?.close();
  server = pool = undefined;
});

async function serve(reply: Reply): Promise<Http1Pool> {
  server = await startScriptedServer(reply);
  pool = new Http1Pool({ host: '127.0.0.1', port: server.port, tls: false }, `127.0.0.1:${server.port}`);
  return pool;
}

/** POSTs through the pool and resolves with what the handler heard once the exchange ended. */
function post(
  target: Http1Pool,
  body = '{"n":1}',
  onStarted?: (abort: (reason: Error) => void) => void,
): Promise<Heard> {
  return new Promise((resolve) => {
    const heard: Heard = { body: '' };
    const handler: ExchangeHandler = {
      onResponseStart: (status, headers) => Object.assign(heard, { status, headers }),
      onResponseData: (chunk) => (heard.body += chunk.toString('utf8')),
      onResponseEnd: () => resolve(heard),
      onError: (error) => resolve({ ...heard, error }),
    };
    const abort = target.postJson('/v1/chat/completions', body, handler);
    onStarted?.(abort);
  });
}

describe('Http1Pool', () => {
  it('sends one well-formed request and reuses the connection for the next', async () => {
    const target = await serve((socket) => socket.write(ok('{"ok":true}', 'x-greenlight-colour: green')));

    const first = await post(target, '{"prompt":"héllo"}');
    const second = await post(target);

    expect(first).toEqual({
      status: 200,
      headers: ['content-length', '11', 'x-greenlight-colour', 'green'],
      body: '{"ok":true}',
    });
    expect(second.status).toBe(200);
    expect(server?.connections()).toBe(1);
    expect(server?.requests[0]).toBe(
      `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1:${server?.port}\r\n` +
        'content-type: application/json\r\ncontent-length: 19\r\n\r\n{"prompt":"héllo"}',
    );
  });

  it('opens one connection per request in flight', async () => {
    const held: (() => void)[] = [];
    const target = await serve((socket) => held.push(() => socket.write(ok('{}'))));

    const answers = [post(target), post(target), post(target)];
    await expect.poll(() => held.length).toBe(3);
    held.forEach((answer) => answer());

    expect((await Promise.all(answers)).map((heard) => heard.status)).toEqual([200, 200, 200]);
    expect(server?.connections()).toBe(3);
  });

  it('decodes a chunked body', async () => {
    const chunked = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\ndata:\r\n3\r\n ok\r\n0\r\n\r\n';
    const target = await serve((socket) => socket.write(chunked));

    expect(await post(target)).toMatchObject({ status: 200, body: 'data: ok' });
    expect((await post(target)).body).toBe('data: ok');
  });

  it('reconnects after a response that says Connection: close', async () => {
    const target = await serve((socket, _request, index) => {
      socket.write(ok(`{"n":${index}}`, 'connection: close'));
      socket.end();
    });

    expect((await post(target)).body).toBe('{"n":0}');
    expect((await post(target)).body).toBe('{"n":1}');
    expect(server?.connections()).toBe(2);
  });

  it('reads a body without length up to the close of the connection', async () => {
    const target = await serve((socket) =>
      socket.end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil the end'),
    );

    expect(await post(target)).toMatchObject({ status: 200, body: 'until the end' });
  });

  it('ends a 204 at its head, and skips an interim 100 Continue', async () => {
    const target = await serve((socket, _request, index) =>
      socket.write(
        index === 0 ? 'HTTP/1.1 204 No Content\r\n\r\n' : `HTTP/1.1 100 Continue\r\n\r\n${ok('{"after":"100"}')}`,
      ),
    );

    expect(await post(target)).toEqual({ status: 204, headers: [], body: '' });
    expect(await post(target)).toMatchObject({ status: 200, body: '{"after":"100"}' });
    expect(server?.connections()).toBe(1);
  });

  it('stops reusing an idle connection a second before the Keep-Alive timeout the server gave', async () => {
    const target = await serve((socket) => socket.write(ok('{}', 'keep-alive: timeout=1')));

    await post(target);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await post(target);

    // timeout=1 leaves no safe idle time at all: the second request must not race the server's close.
    expect(server?.connections()).toBe(2);
  });

  it('fails an exchange whose connection closes mid-body as closed, then recovers', async () => {
    const target = await serve((socket, _request, index) => {
      if (index === 0) socket.end('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"partial"');
      else socket.write(ok('{}'));
    });

    const cut = await post(target);
    expect(cut).toMatchObject({ status: 200, body: '{"partial"' });
    expect(cut.error).toBeInstanceOf(ConnectionClosedError);
    expect((await post(target)).status).toBe(200);
  });

  it('fails an exchange on a malformed response', async () => {
    const target = await serve((socket) => socket.write('NOT HTTP AT ALL\r\n\r\n'));

    const heard = await post(target);

    expect(heard.status).toBeUndefined();
    expect(heard.error?.message).toMatch(/parse|expected|HTTP/i);
  });

  it('aborts with the given reason, and ignores an abort that comes after the exchange ended', async () => {
    let release: (() => void) | undefined;
    const target = await serve((socket, _request, index) => {
      if (index === 0) release = () => socket.write(ok('{}'));
      else socket.write(ok('{}'));
    });
    let abortFirst: ((reason: Error) => void) | undefined;
    const first = post(target, '{}', (abort) => (abortFirst = abort));
    await expect.poll(() => release !== undefined).toBe(true);

    const reason = new Error('stopped by the test');
    abortFirst?.(reason);
    expect((await first).error).toBe(reason);

    let abortSecond: ((reason: Error) => void) | undefined;
    const second = await post(target, '{}', (abort) => (abortSecond = abort));
    abortSecond?.(new Error('too late'));
    expect(second).toMatchObject({ status: 200 });
    expect((await post(target)).status).toBe(200);
  });

  it('reports a refused connection with its errno code', async () => {
    const url = new URL(await closedPortUrl());
    pool = new Http1Pool({ host: '127.0.0.1', port: Number(url.port), tls: false }, url.host);

    const heard = await post(pool);

    expect((heard.error as NodeJS.ErrnoException | undefined)?.code).toBe('ECONNREFUSED');
  });

  it('fails exchanges still in progress when destroyed', async () => {
    const target = await serve(() => undefined);
    const pending = post(target);
    await expect.poll(() => server?.requests.length).toBe(1);

    target.destroy();

    expect((await pending).error).toBeInstanceOf(ConnectionClosedError);
  });
});
