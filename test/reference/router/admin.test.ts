import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { startReferenceRouter } from '../../../src/reference/router/index.js';
import type { ReferenceRouterOptions, SwitchRecord } from '../../../src/reference/router/index.js';
import type { RunningServer } from '../../../src/reference/server.js';
import type { TestUpstream } from './upstreams.js';
import { countColours, drive, routerState, send, startTestUpstream, waitFor } from './upstreams.js';

let blue: TestUpstream;
let green: TestUpstream;
let front: RunningServer;

function options(): ReferenceRouterOptions {
  return {
    upstreams: { blue: blue.url, green: green.url },
    weights: { blue: 50, green: 50 },
    controller: { enabled: false, rules: [], intervalMs: 100 },
    healthCheck: { intervalMs: 100, timeoutMs: 500, path: '/health' },
  };
}

beforeEach(async () => {
  blue = await startTestUpstream('blue');
  green = await startTestUpstream('green');
  front = await startReferenceRouter(options());
});

afterEach(async () => {
  await front.close();
  await Promise.all([blue.close(), green.close()]);
});

describe('reference router admin API', () => {
  it('reports weights, upstreams, health, controller, observed traffic and switches', async () => {
    await drive(`${front.url}/v1/models`, { count: 4, gapMs: 0, maxMs: 5000 });
    const state = await waitFor(async () => {
      const current = await routerState(front.url);
      return current.health.blue.healthy && current.health.green.healthy ? current : undefined;
    }, 3000);

    expect(state).toMatchObject({
      active: 'split',
      weights: { blue: 50, green: 50 },
      upstreams: { blue: blue.url, green: green.url },
      health: { blue: { healthy: true, consecutiveFailures: 0 }, green: { healthy: true, consecutiveFailures: 0 } },
      controller: { enabled: false, rules: [] },
      observed: { blue: { requests: 2, errors: 0, errorRate: 0 }, green: { requests: 2, errors: 0, errorRate: 0 } },
      switches: [],
    });
    expect(state?.health.blue.lastCheckAt).toBeGreaterThan(Date.now() - 5000);
    expect(state?.observed.blue.latencyP99Ms).toBeGreaterThan(0);
  });

  it('switches all traffic to a colour, recording when, from, to, why and by whom', async () => {
    const before = Date.now();
    const answer = await send(`${front.url}/_router/switch`, {
      method: 'POST',
      body: { to: 'green', reason: 'canary ok' },
    });
    const after = Date.now();

    expect(answer.status).toBe(200);
    const record = JSON.parse(answer.body) as SwitchRecord;
    expect(record).toMatchObject({
      from: { blue: 50, green: 50 },
      to: { blue: 0, green: 100 },
      reason: 'canary ok',
      by: 'admin',
    });
    expect(record.at).toBeGreaterThanOrEqual(before);
    expect(record.at).toBeLessThanOrEqual(after);
    const state = await routerState(front.url);
    expect(state.active).toBe('green');
    expect(state.switches).toEqual([record]);
    const answers = await drive(`${front.url}/v1/models`, { count: 6, gapMs: 0, maxMs: 5000 });
    expect(countColours(answers)).toEqual({ green: 6 });
  });

  it('sets weights and records the change', async () => {
    const answer = await send(`${front.url}/_router/weights`, { method: 'PUT', body: { blue: 30, green: 70 } });

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ to: { blue: 30, green: 70 }, by: 'admin' });
    expect((await routerState(front.url)).weights).toEqual({ blue: 30, green: 70 });
    const answers = await drive(`${front.url}/v1/models`, { count: 10, gapMs: 0, maxMs: 5000 });
    expect(countColours(answers)).toEqual({ blue: 3, green: 7 });
  });

  it.each([
    ['POST', '/_router/switch', { to: 'red' }, /^to: /],
    ['POST', '/_router/switch', { to: 'blue', reason: 7 }, /^reason: /],
    ['POST', '/_router/switch', { to: 'blue', colour: 'blue' }, /colour/],
    ['PUT', '/_router/weights', { blue: 'half', green: 50 }, /^blue: /],
    ['PUT', '/_router/weights', { blue: 30, green: -5 }, /^green: /],
    ['PUT', '/_router/weights', { blue: 30, green: 30 }, /add up to 100/],
    ['PUT', '/_router/weights', '{"blue": 30,', /expected JSON/],
  ] as const)('rejects %s %s %j with 400 naming the field', async (method, path, body, message) => {
    const answer = await send(`${front.url}${path}`, { method, body });

    expect(answer.status).toBe(400);
    expect((JSON.parse(answer.body) as { error: string }).error).toMatch(message);
    const state = await routerState(front.url);
    expect(state.weights).toEqual({ blue: 50, green: 50 });
    expect(state.switches).toEqual([]);
  });

  it('answers 404 for unknown admin paths and 405 for the wrong method', async () => {
    expect((await send(`${front.url}/_router/nothing`)).status).toBe(404);
    const wrongMethod = await send(`${front.url}/_router/switch`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body).toContain('POST');
    expect(blue.served + green.served).toBe(0);
  });

  it('refuses invalid options with an InputError naming the field', async () => {
    const bad = { ...options(), weights: { blue: 50, green: 60 } };
    await expect(startReferenceRouter(bad)).rejects.toThrow(InputError);
    await expect(startReferenceRouter(bad)).rejects.toThrow(/weights: blue \+ green must add up to 100/);
    const badUrl = { ...options(), upstreams: { blue: 'localhost:9000', green: green.url } };
    await expect(startReferenceRouter(badUrl)).rejects.toThrow(/upstreams\.blue: /);
  });
});
