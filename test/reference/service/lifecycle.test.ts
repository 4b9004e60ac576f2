import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentError, InputError } from '../../../src/errors.js';
import { listen, type RunningServer } from '../../../src/reference/server.js';
import { startReferenceService } from '../../../src/reference/service/index.js';
import { chat, openStream, Services } from './helpers.js';

const services = new Services();
const others: RunningServer[] = [];
afterEach(async () => {
  await services.closeAll();
  await Promise.all(others.splice(0).map((server) => server.close()));
});

describe('starting and stopping', () => {
  it('listens on 127.0.0.1 on a free port by default', async () => {
    const service = await services.start();
    expect(service.port).toBeGreaterThan(0);
    expect(service.url).toBe(`http://127.0.0.1:${service.port}`);
  });

  it('closes promptly with a stream in flight, and closing twice is harmless', { timeout: 5000 }, async () => {
    const service = await startReferenceService({ colour: 'green', knobs: { decodeMsPerToken: 50 } });
    // 1000 tokens at 50 ms: twenty seconds, far beyond this test's timeout.
    const stream = await openStream(service.url, '/v1/chat/completions', chat(1, 1000, { stream: true }));
    await stream.waitFor('"content":"');
    await Promise.all([service.close(), service.close()]);
    await expect(stream.rest()).rejects.toThrow();
    await service.close();
  });

  it('fails with an EnvironmentError when the port is taken', async () => {
    const taken = await services.start();
    const attempt = listen(createServer(), '127.0.0.1', taken.port);
    await expect(attempt).rejects.toBeInstanceOf(EnvironmentError);
    await expect(attempt).rejects.toThrow(`127.0.0.1:${taken.port}`);
  });

  it('rejects bad knobs with an InputError that names the field', async () => {
    const attempt = startReferenceService({ colour: 'blue', knobs: { maxBatch: 0 } });
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toThrow(/blue reference service knobs: maxBatch/);
  });

  it('serves a plain http.Server through listen()', async () => {
    const server = await listen(
      createServer((_req, res) => res.end('hi')),
      '127.0.0.1',
      0,
    );
    others.push(server);
    expect(await (await fetch(server.url)).text()).toBe('hi');
  });
});
