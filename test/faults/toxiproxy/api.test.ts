import { Toxiproxy, ToxiproxyError, type Latency } from 'toxiproxy-node-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawApi, startEchoServer, type TcpServer } from './fixtures.js';
import { proxyName, startToxiproxyUnderTest } from './toxiproxy-under-test.js';

const ECHO = proxyName('echo');
const A = proxyName('a');
const B = proxyName('b');

let server: { url: string; close(): Promise<void> };
let upstream: TcpServer;
let toxiproxy: Toxiproxy;

beforeEach(async () => {
  server = await startToxiproxyUnderTest();
  upstream = await startEchoServer();
  toxiproxy = new Toxiproxy(server.url);
});

afterEach(async () => {
  await server.close();
  await upstream.close();
});

const LISTEN_ANY = /^127\.0\.0\.1:(\d+)$/;

/** What Toxiproxy's API documents of a proxy and of a toxic, in the order the server writes them. */
const PROXY_FIELDS = ['name', 'listen', 'upstream', 'enabled', 'toxics'];
const TOXIC_FIELDS = ['attributes', 'name', 'type', 'stream', 'toxicity'];

/**
 * The documented fields of an answer, in its order. A real server may send more than it
 * documents (Toxiproxy 2.12 adds `"Logger": {}` to a proxy); what clients rely on is these.
 */
function documented(body: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([field]) => fields.includes(field)));
}

describe('proxies through toxiproxy-node-client', () => {
  it('creates a proxy on a free port and shows the bound address', async () => {
    const proxy = await toxiproxy.createProxy({ name: ECHO, listen: '127.0.0.1:0', upstream: upstream.address });
    expect(proxy.name).toBe(ECHO);
    expect(proxy.listen).toMatch(LISTEN_ANY);
    expect(proxy.listen).not.toBe('127.0.0.1:0');
    expect(proxy.upstream).toBe(upstream.address);
    expect(proxy.enabled).toBe(true);

    const fetched = await toxiproxy.get(ECHO);
    expect(fetched.listen).toBe(proxy.listen);
    const all = await toxiproxy.getAll();
    expect(Object.keys(all)).toContain(ECHO);
  });

  it('updates, disables and deletes a proxy', async () => {
    const proxy = await toxiproxy.createProxy({ name: ECHO, listen: '127.0.0.1:0', upstream: upstream.address });
    const disabled = await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
    expect(disabled.enabled).toBe(false);
    const enabled = await disabled.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
    expect(enabled.enabled).toBe(true);

    await enabled.remove();
    await expect(toxiproxy.get(ECHO)).rejects.toThrow(ToxiproxyError);
    await expect(toxiproxy.get(ECHO)).rejects.toThrow(/status code 404/);
  });

  it('adds, reads, updates and removes a toxic', async () => {
    const proxy = await toxiproxy.createProxy({ name: ECHO, listen: '127.0.0.1:0', upstream: upstream.address });
    const toxic = await proxy.addToxic<Latency>({
      name: 'slow',
      type: 'latency',
      stream: 'upstream',
      toxicity: 0.5,
      attributes: { latency: 100, jitter: 10 },
    });
    expect(toxic.toJson()).toEqual({
      name: 'slow',
      type: 'latency',
      stream: 'upstream',
      toxicity: 0.5,
      attributes: { latency: 100, jitter: 10 },
    });

    const updated = await toxic.update({ ...toxic.toJson(), toxicity: 1, attributes: { latency: 250, jitter: 0 } });
    expect(updated.attributes).toEqual({ latency: 250, jitter: 0 });
    expect(updated.toxicity).toBe(1);
    expect((await proxy.getToxic<Latency>('slow')).attributes.latency).toBe(250);

    await updated.remove();
    await expect(proxy.getToxic('slow')).rejects.toThrow(/status code 404/);
  });

  it('populates a list of proxies, keeping one whose addresses did not change', async () => {
    const first = await toxiproxy.populate([{ name: A, listen: '127.0.0.1:0', upstream: upstream.address }]);
    const listenA = first[A]?.listen ?? '';
    expect(listenA).toMatch(LISTEN_ANY);

    const second = await toxiproxy.populate([
      { name: A, listen: listenA, upstream: upstream.address },
      { name: B, listen: '127.0.0.1:0', upstream: upstream.address, enabled: false },
    ]);
    expect(second[A]?.listen).toBe(listenA);
    expect(second[B]?.enabled).toBe(false);
    expect(
      Object.keys(await toxiproxy.getAll())
        .filter((name) => name === A || name === B)
        .sort(),
    ).toEqual([A, B].sort());
  });

  it('reset enables every proxy and removes every toxic', async () => {
    const proxy = await toxiproxy.createProxy({ name: ECHO, listen: '127.0.0.1:0', upstream: upstream.address });
    await proxy.addToxic<Latency>({
      name: 'slow',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: 50, jitter: 0 },
    });
    await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });

    await toxiproxy.reset();

    expect((await toxiproxy.get(ECHO)).enabled).toBe(true);
    expect(JSON.parse((await rawApi(server.url, 'GET', `/proxies/${ECHO}/toxics`)).text)).toEqual([]);
  });

  it('reports its version', async () => {
    const version = JSON.parse(await toxiproxy.getVersion()) as { version?: unknown };
    expect(typeof version.version).toBe('string');
  });
});

describe('status codes and bodies over raw HTTP', () => {
  const create = (body: unknown) => rawApi(server.url, 'POST', '/proxies', body);

  it('answers 201 with the proxy on create, 409 on a duplicate name', async () => {
    const created = await create({ name: ECHO, listen: '127.0.0.1:0', upstream: upstream.address });
    expect(created.status).toBe(201);
    expect(created.contentType).toMatch(/application\/json/);
    const proxy = documented(JSON.parse(created.text) as Record<string, unknown>, PROXY_FIELDS);
    expect(Object.keys(proxy)).toEqual(PROXY_FIELDS);
    expect(proxy).toMatchObject({ name: ECHO, upstream: upstream.address, enabled: true, toxics: [] });
    expect(proxy.listen).toMatch(LISTEN_ANY);

    const duplicate = await create({ name: ECHO, listen: '127.0.0.1:0', upstream: upstream.address });
    expect(duplicate.status).toBe(409);
    expect(JSON.parse(duplicate.text)).toEqual({ error: 'proxy already exists', status: 409 });
  });

  it('answers 400 for a body that is not JSON or lacks a required field', async () => {
    expect((await create('{not json')).status).toBe(400);
    const noName = await create({ listen: '127.0.0.1:0', upstream: upstream.address });
    expect(noName.status).toBe(400);
    expect(JSON.parse(noName.text)).toEqual({ error: 'missing required field: name', status: 400 });
    const noUpstream = await create({ name: 'x', listen: '127.0.0.1:0' });
    expect(JSON.parse(noUpstream.text)).toEqual({ error: 'missing required field: upstream', status: 400 });
  });

  it('answers 404 for an unknown proxy or toxic, 204 for deletes', async () => {
    const missing = await rawApi(server.url, 'GET', '/proxies/nope');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual({ error: 'proxy not found', status: 404 });

    await create({ name: ECHO, listen: '127.0.0.1:0', upstream: upstream.address });
    const noToxic = await rawApi(server.url, 'GET', `/proxies/${ECHO}/toxics/nope`);
    expect(JSON.parse(noToxic.text)).toEqual({ error: 'toxic not found', status: 404 });
    expect((await rawApi(server.url, 'DELETE', `/proxies/${ECHO}/toxics/nope`)).status).toBe(404);

    expect((await rawApi(server.url, 'DELETE', `/proxies/${ECHO}`)).status).toBe(204);
    expect((await rawApi(server.url, 'DELETE', `/proxies/${ECHO}`)).status).toBe(404);
  });

  it('creates a toxic with defaults (200), refuses duplicates (409) and bad types or streams (400)', async () => {
    await create({ name: ECHO, listen: '127.0.0.1:0', upstream: upstream.address });
    const added = await rawApi(server.url, 'POST', `/proxies/${ECHO}/toxics`, {
      type: 'latency',
      attributes: { latency: 20 },
    });
    expect(added.status).toBe(200);
    const toxic = documented(JSON.parse(added.text) as Record<string, unknown>, TOXIC_FIELDS);
    expect(Object.keys(toxic)).toEqual(TOXIC_FIELDS);
    expect(toxic).toEqual({
      attributes: { latency: 20, jitter: 0 },
      name: 'latency_downstream',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
    });

    const again = await rawApi(server.url, 'POST', `/proxies/${ECHO}/toxics`, { type: 'latency' });
    expect(again.status).toBe(409);
    expect(JSON.parse(again.text)).toEqual({ error: 'toxic already exists', status: 409 });

    const badType = await rawApi(server.url, 'POST', `/proxies/${ECHO}/toxics`, { type: 'gremlins' });
    expect(JSON.parse(badType.text)).toEqual({ error: 'invalid toxic type', status: 400 });
    const badStream = await rawApi(server.url, 'POST', `/proxies/${ECHO}/toxics`, {
      type: 'latency',
      stream: 'sideways',
    });
    expect(JSON.parse(badStream.text)).toEqual({
      error: 'stream was invalid, can be either upstream or downstream',
      status: 400,
    });
    const badAttribute = await rawApi(server.url, 'POST', `/proxies/${ECHO}/toxics`, {
      type: 'timeout',
      attributes: { timeout: 'soon' },
    });
    expect(badAttribute.status).toBe(400);

    const listed = JSON.parse((await rawApi(server.url, 'GET', `/proxies/${ECHO}`)).text) as { toxics: unknown[] };
    expect(listed.toxics).toHaveLength(1);
  });

  it('updates a toxic keeping the attributes it was not given', async () => {
    await create({ name: ECHO, listen: '127.0.0.1:0', upstream: upstream.address });
    await rawApi(server.url, 'POST', `/proxies/${ECHO}/toxics`, {
      name: 'slow',
      type: 'latency',
      attributes: { latency: 20, jitter: 5 },
    });
    const updated = await rawApi(server.url, 'POST', `/proxies/${ECHO}/toxics/slow`, { attributes: { latency: 40 } });
    expect(updated.status).toBe(200);
    expect(JSON.parse(updated.text)).toMatchObject({ attributes: { latency: 40, jitter: 5 }, toxicity: 1 });
  });

  it('lists upstream toxics before downstream ones', async () => {
    await create({ name: ECHO, listen: '127.0.0.1:0', upstream: upstream.address });
    await rawApi(server.url, 'POST', `/proxies/${ECHO}/toxics`, {
      name: 'down',
      type: 'latency',
      stream: 'downstream',
    });
    await rawApi(server.url, 'POST', `/proxies/${ECHO}/toxics`, { name: 'up', type: 'latency', stream: 'upstream' });
    const names = (
      JSON.parse((await rawApi(server.url, 'GET', `/proxies/${ECHO}/toxics`)).text) as { name: string }[]
    ).map((t) => t.name);
    expect(names).toEqual(['up', 'down']);
  });

  it('refuses browsers (403), so that a web page cannot drive it', async () => {
    const response = await fetch(`${server.url}/proxies`, {
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)' },
    });
    expect(response.status).toBe(403);
  });

  it('answers 404 for an unknown path and 405 for a known path with another method', async () => {
    expect((await rawApi(server.url, 'GET', '/nothing-here')).status).toBe(404);
    expect((await rawApi(server.url, 'PUT', '/proxies')).status).toBe(405);
    expect((await rawApi(server.url, 'POST', '/reset')).status).toBe(204);
  });
});
