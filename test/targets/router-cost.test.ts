import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workloadSchema } from '../../src/experiment/load-schema.js';
import type { RouterCostEvent } from '../../src/journal/events.js';
import { startChild, type ChildServer } from '../../src/targets/embedded/child.js';
import { findHaproxy, runHaproxy, startHaproxy } from '../../src/targets/haproxy/process.js';
import { checkRouterCost, type KnownRouter } from '../../src/targets/router-cost/check.js';
import { freeLoopbackPort } from '../../src/util/free-port.js';
import { nginxAvailable, startNginx } from '../support/nginx.js';
import { userHaproxyConfig } from '../support/user-stack/haproxy-config.js';
import { haproxyAvailable } from './haproxy/available.js';

/**
 * The router-cost check against real routers on loopback, each in front of the same blue and
 * green reference services: greenlight's HAProxy configuration (with http-no-delay), a team's
 * HAProxy without it, nginx as configured out of the box (buffered, HTTP/1.0 upstream) and nginx
 * with buffering off. Each check is 3 s of requests, one every 100 ms.
 */
const workload = workloadSchema.parse({
  mix: [{ weight: 1, request: { kind: 'chat', stream: true, promptTokens: 16, maxTokens: 32 } }],
});

let blue: ChildServer;
let green: ChildServer;
const stoppers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  blue = await startChild('blue', ['reference', 'serve', '--colour', 'blue', '--port', '0']);
  green = await startChild('green', ['reference', 'serve', '--colour', 'green', '--port', '0']);
});

afterAll(async () => {
  for (const stop of stoppers.splice(0).reverse()) await stop();
  await blue?.stop();
  await green?.stop();
});

async function check(routerUrl: string, router?: KnownRouter): Promise<RouterCostEvent> {
  const event = await checkRouterCost(
    { routerUrl, colourUrls: { blue: blue.url, green: green.url }, workload, seed: 1 },
    { durationMs: 3000, intervalMs: 100, ...(router ? { router } : {}) },
  );
  process.stderr.write(`router cost (${router ?? 'undeclared'}): ${JSON.stringify(event)}\n`);
  return event;
}

function host(url: string): string {
  return new URL(url).host;
}

describe.runIf(haproxyAvailable())('router cost through HAProxy', () => {
  it("finds nothing held back through greenlight's own HAProxy configuration (option http-no-delay)", async () => {
    const haproxy = await startHaproxy({
      servers: { blue: host(blue.url), green: host(green.url) },
      weights: { blue: 50, green: 50 },
    });
    stoppers.push(haproxy.stop);
    const event = await check(haproxy.url, 'haproxy');
    expect(event.colours.map((row) => row.colour)).toEqual(['blue', 'green']);
    expect(event.holdsBackFirstTokens).toBe(false);
    expect(event.fix).toBeUndefined();
    for (const row of event.colours) {
      expect(row.viaRouter.requests).toBeGreaterThanOrEqual(3);
      expect(row.viaRouter.errors).toBe(0);
      expect(row.addedTtftMs).not.toBeNull();
      expect(Math.abs(row.addedTtftMs ?? 0)).toBeLessThan(50);
    }
  });

  it('flags a HAProxy without http-no-delay, and names the fix', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'greenlight-router-cost-'));
    stoppers.push(() => rm(folder, { recursive: true, force: true }));
    const port = await freeLoopbackPort();
    const config = userHaproxyConfig({
      port,
      socketPath: join(folder, 'admin.sock'),
      runtimeApiPort: await freeLoopbackPort(),
      metricsPort: await freeLoopbackPort(),
      servers: { blue: host(blue.url), green: host(green.url) },
      weights: { blue: 50, green: 50 },
      httpNoDelay: false,
    });
    await writeFile(join(folder, 'haproxy.cfg'), config);
    stoppers.push(await runHaproxy(findHaproxy(), join(folder, 'haproxy.cfg'), { path: join(folder, 'admin.sock') }));

    const declared = await check(`http://127.0.0.1:${port}`, 'haproxy');
    expect(declared.holdsBackFirstTokens).toBe(true);
    expect(declared.router).toBe('haproxy');
    expect(declared.fix).toMatch(/option http-no-delay/);
    const held = declared.colours.filter((row) => (row.addedTtftMs ?? 0) >= 50);
    expect(held.length).toBeGreaterThan(0);

    // Undeclared, HAProxy has no Server header to recognise it by: both fixes are named.
    const undeclared = await check(`http://127.0.0.1:${port}`);
    expect(undeclared.router).toBe('unknown');
    expect(undeclared.holdsBackFirstTokens).toBe(true);
    expect(undeclared.fix).toMatch(/http-no-delay.*proxy_buffering off/);
  });
});

describe.runIf(nginxAvailable())('router cost through nginx', () => {
  it('flags nginx as configured out of the box (a buffered upstream), recognised by its Server header', async () => {
    const nginx = await startNginx(host(blue.url), []);
    stoppers.push(nginx.stop);
    const event = await check(nginx.url);
    expect(event.router).toBe('nginx');
    expect(event.colours.map((row) => row.colour)).toEqual(['blue']);
    expect(event.holdsBackFirstTokens).toBe(true);
    expect(event.fix).toMatch(/proxy_buffering off/);
  });

  it('finds nothing held back through nginx with proxy_buffering off', async () => {
    const nginx = await startNginx(host(blue.url), ['proxy_buffering off;', 'proxy_http_version 1.1;']);
    stoppers.push(nginx.stop);
    const event = await check(nginx.url);
    expect(event.router).toBe('nginx');
    expect(event.holdsBackFirstTokens).toBe(false);
    expect(Math.abs(event.colours[0]?.addedTtftMs ?? Infinity)).toBeLessThan(50);
  });
});

describe('router cost with request headers', () => {
  it("sends the target's headers with every request, the model lookup included", async () => {
    const seen: { path: string; authorization: string | undefined }[] = [];
    const server = createServer((req, res) => {
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
      if (req.headers.authorization !== 'Bearer s3cret') return void res.writeHead(401).end();
      if (req.url === '/v1/models') return void res.end(JSON.stringify({ data: [{ id: 'team-model' }] }));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-greenlight-colour': 'blue' });
      res.write('data: {"choices":[{"delta":{"content":"hi "}}]}\n\n');
      res.end('data: [DONE]\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const event = await checkRouterCost(
        { routerUrl: url, colourUrls: { blue: url }, workload, seed: 1, headers: { authorization: 'Bearer s3cret' } },
        { durationMs: 500, intervalMs: 100 },
      );
      expect(seen.length).toBeGreaterThan(3);
      expect(seen.every((request) => request.authorization === 'Bearer s3cret')).toBe(true);
      expect(seen[0]?.path).toBe('/v1/models');
      expect(event.colours[0]?.viaRouter.errors).toBe(0);
    } finally {
      server.close();
    }
  });
});
