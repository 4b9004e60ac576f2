import { afterEach, describe, expect, it } from 'vitest';
import { Http1Pool } from '../../../../src/load/engines/native/http1/pool.js';
import { NativeEngine } from '../../../../src/load/engines/native/index.js';
import { MemoryJournal } from '../../helpers/journal.js';
import { fastJson, startServer, type TestServer } from '../../helpers/servers.js';
import { planFor } from './plan.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("the native engine sends the target's headers", () => {
  it.each([1, 2])('with model discovery and every request, on %i worker(s)', async (workers) => {
    const seen: string[] = [];
    const answer = fastJson('blue');
    server = await startServer((request, response, body) => {
      seen.push(`${request.method} ${String(request.headers['authorization'])} ${String(request.headers['x-team'])}`);
      answer(request, response, body);
    });
    const plan = {
      ...planFor(
        server.url,
        { profile: { kind: 'constant', rate: 20 }, workload: { mix: [{ request: { kind: 'chat' } }] } },
        500,
      ),
      headers: { Authorization: 'Bearer s3cret', 'X-Team': 'ml-serving' },
      workers,
    };

    await new NativeEngine().run(plan, new MemoryJournal(), new AbortController().signal);

    expect(seen[0]).toBe('GET Bearer s3cret ml-serving');
    expect(seen.filter((line) => line.startsWith('POST'))).toEqual(Array(10).fill('POST Bearer s3cret ml-serving'));
  });

  it('refuses a header that could end its line rather than sending it', () => {
    const endpoint = { host: '127.0.0.1', port: 1, tls: false };
    expect(() => new Http1Pool(endpoint, '127.0.0.1:1', { 'X-A': 'one\r\nX-Injected: two' })).toThrow(/line break/);
    expect(() => new Http1Pool(endpoint, '127.0.0.1:1', { 'X A': 'one' })).toThrow(/not a valid header name/);
  });
});
