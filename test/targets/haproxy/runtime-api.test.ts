import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  effectiveWeight,
  haproxyCommand,
  parseServersState,
  parseStat,
  type HaproxySocket,
} from '../../../src/shared/haproxy/runtime-api.js';
import { HAPROXY_BACKEND } from '../../../src/targets/haproxy/config.js';
import { startHaproxy, type RunningHaproxy } from '../../../src/targets/haproxy/process.js';
import { HaproxyObserver } from '../../../src/targets/routers/haproxy.js';
import { haproxyAvailable } from './available.js';

/** A colour's upstream: answers 200 on /health, 500 on /fail, 200 elsewhere. */
function upstream(): Promise<Server> {
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/fail' ? 500 : 200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function hostPort(server: Server): string {
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.runIf(haproxyAvailable())('HAProxy runtime API (real HAProxy)', () => {
  let blue: Server;
  let green: Server;
  let haproxy: RunningHaproxy;
  let socket: HaproxySocket;
  const command = (text: string): Promise<string> => haproxyCommand(socket, text);

  beforeAll(async () => {
    blue = await upstream();
    green = await upstream();
    haproxy = await startHaproxy({
      servers: { blue: hostPort(blue), green: hostPort(green) },
      weights: { blue: 50, green: 50 },
    });
    socket = { path: haproxy.socketPath };
    // Both servers up: HAProxy's health checks passed.
    await waitUntil(async () =>
      parseServersState(await command(`show servers state ${HAPROXY_BACKEND}`)).every((s) => s.opState === 2),
    );
  });

  afterAll(async () => {
    await haproxy?.stop();
    blue?.close();
    green?.close();
  });

  it('parses "show servers state" as HAProxy writes it, and follows set weight and drain', async () => {
    const initial = parseServersState(await command(`show servers state ${HAPROXY_BACKEND}`));
    expect(
      initial.map(({ server, weight, initialWeight, adminState }) => ({ server, weight, initialWeight, adminState })),
    ).toEqual([
      { server: 'blue', weight: 50, initialWeight: 50, adminState: 0 },
      { server: 'green', weight: 50, initialWeight: 50, adminState: 0 },
    ]);
    expect(initial.every((state) => state.backend === HAPROXY_BACKEND)).toBe(true);

    expect((await command(`set weight ${HAPROXY_BACKEND}/green 0`)).trim()).toBe('');
    expect((await command(`get weight ${HAPROXY_BACKEND}/green`)).trim()).toBe('0 (initial 50)');
    const switched = parseServersState(await command(`show servers state ${HAPROXY_BACKEND}`));
    expect(switched.find((s) => s.server === 'green')).toMatchObject({ weight: 0, initialWeight: 50 });

    await command(`set weight ${HAPROXY_BACKEND}/green 50`);
    await command(`set server ${HAPROXY_BACKEND}/blue state drain`);
    const drained = parseServersState(await command(`show servers state ${HAPROXY_BACKEND}`)).find(
      (s) => s.server === 'blue',
    )!;
    expect(drained.weight).toBe(50);
    expect(effectiveWeight(drained)).toBe(0);
    await command(`set server ${HAPROXY_BACKEND}/blue state ready`);
  });

  it('the observer reports weights in percent, a drained or maintained server as 0', async () => {
    const observer = new HaproxyObserver(socket, HAPROXY_BACKEND);
    expect(await observer.observe()).toEqual({ active: 'split', weights: { blue: 50, green: 50 } });
    await command(`set weight ${HAPROXY_BACKEND}/blue 30`);
    await command(`set weight ${HAPROXY_BACKEND}/green 10`);
    expect(await observer.observe()).toEqual({ active: 'split', weights: { blue: 75, green: 25 } });
    await command(`set server ${HAPROXY_BACKEND}/green state maint`);
    expect(await observer.observe()).toEqual({ active: 'blue', weights: { blue: 100, green: 0 } });
    await command(`set server ${HAPROXY_BACKEND}/green state ready`);
    await command(`set weight ${HAPROXY_BACKEND}/blue 50`);
    await command(`set weight ${HAPROXY_BACKEND}/green 50`);
  });

  it('parses per-server counters from "show stat" and tags responses with the colour', async () => {
    const before = parseStat(await command('show stat')).filter((row) => row.backend === HAPROXY_BACKEND);
    expect(before.map((row) => row.server).sort()).toEqual(['blue', 'green']);
    const colours: string[] = [];
    for (let i = 0; i < 10; i++) {
      const response = await request(`${haproxy.url}${i < 4 ? '/fail' : '/ok'}`);
      colours.push(String(response.headers['x-greenlight-colour']));
      await response.body.dump();
    }
    expect(new Set(colours)).toEqual(new Set(['blue', 'green']));
    const after = parseStat(await command('show stat')).filter((row) => row.backend === HAPROXY_BACKEND);
    const total = (rows: typeof after, field: 'requests' | 'errors') => rows.reduce((sum, row) => sum + row[field], 0);
    expect(total(after, 'requests') - total(before, 'requests')).toBe(10);
    expect(total(after, 'errors') - total(before, 'errors')).toBe(4);
  });

  it('stops HAProxy and removes its folder', async () => {
    const other = await startHaproxy({
      servers: { blue: hostPort(blue), green: hostPort(green) },
      weights: { blue: 100, green: 0 },
    });
    const pid = Number(/^Pid: (\d+)$/m.exec(await haproxyCommand({ path: other.socketPath }, 'show info'))?.[1]);
    expect(pid).toBeGreaterThan(0);
    await other.stop();
    expect(() => process.kill(pid, 0)).toThrow();
    await expect(haproxyCommand({ path: other.socketPath }, 'show info')).rejects.toThrow();
    expect(existsSync(dirname(other.socketPath))).toBe(false);
  });
});
