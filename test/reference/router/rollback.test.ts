import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { controllerRuleSchema, startReferenceRouter } from '../../../src/reference/router/index.js';
import type { RouterState, SwitchRecord, Weights } from '../../../src/reference/router/index.js';
import type { RunningServer } from '../../../src/reference/server.js';
import type { ConditionInput } from '../../../src/shared/condition.js';
import type { TestUpstream } from './upstreams.js';
import { countColours, drive, routerState, send, startTestUpstream, waitFor } from './upstreams.js';

const INTERVAL_MS = 50;

let blue: TestUpstream;
let green: TestUpstream;
let front: RunningServer | undefined;

beforeEach(async () => {
  blue = await startTestUpstream('blue');
  green = await startTestUpstream('green');
});

afterEach(async () => {
  await front?.close();
  front = undefined;
  await Promise.all([blue.close(), green.close()]);
});

type RuleInput = Partial<ConditionInput> & Pick<ConditionInput, 'metric' | 'above'>;

async function startRouter(rule: RuleInput, setup: { enabled?: boolean; weights?: Weights } = {}): Promise<string> {
  front = await startReferenceRouter({
    upstreams: { blue: blue.url, green: green.url },
    weights: setup.weights ?? { blue: 50, green: 50 },
    controller: {
      enabled: setup.enabled ?? true,
      rules: [controllerRuleSchema.parse({ name: 'green-bad', colour: 'green', switchTo: 'blue', ...rule })],
      intervalMs: INTERVAL_MS,
    },
    healthCheck: { intervalMs: INTERVAL_MS, timeoutMs: 500, path: '/health' },
  });
  return front.url;
}

async function controllerSwitch(url: string): Promise<SwitchRecord | undefined> {
  return (await routerState(url)).switches.find((record) => record.by === 'controller');
}

describe('reference router rollback controller', () => {
  it('fires on an error-rate rule within window + interval of green failing, giving the reason', async () => {
    const url = await startRouter({ metric: 'error-rate', above: 0.5, window: '1s', minRequests: 5 });
    await drive(`${url}/v1/models`, { count: 20, gapMs: 5, maxMs: 3000 });
    expect(await controllerSwitch(url)).toBeUndefined();

    green.status = 500;
    const failingSince = Date.now();
    await drive(`${url}/v1/models`, {
      count: 250,
      gapMs: 5,
      maxMs: 6000,
      stop: async () => (await controllerSwitch(url)) !== undefined,
    });

    const record = await controllerSwitch(url);
    expect(record).toMatchObject({ from: { blue: 50, green: 50 }, to: { blue: 100, green: 0 } });
    expect(record?.reason).toMatch(/^green-bad: green error rate > 50 % over 1s \(observed \d+\.\d %\)$/);
    expect(record?.at).toBeGreaterThanOrEqual(failingSince);
    // Generous slack on top of window + interval: this machine is small and shared.
    expect((record?.at ?? Infinity) - failingSince).toBeLessThan(1000 + INTERVAL_MS + 1500);
    const after = await drive(`${url}/v1/models`, { count: 10, gapMs: 0, maxMs: 3000 });
    expect(countColours(after)).toEqual({ blue: 10 });
  });

  it('fires again after the admin hands traffic back, but not before', async () => {
    const url = await startRouter({ metric: 'error-rate', above: 0.5, window: '500ms', minRequests: 3 });
    green.status = 500;
    const untilSwitches = (count: number) => async () => (await routerState(url)).switches.length >= count;
    await drive(`${url}/v1/models`, { count: 100, gapMs: 5, maxMs: 5000, stop: untilSwitches(1) });
    expect((await routerState(url)).active).toBe('blue');

    await send(`${url}/_router/weights`, { method: 'PUT', body: { blue: 50, green: 50 } });
    await drive(`${url}/v1/models`, { count: 100, gapMs: 5, maxMs: 5000, stop: untilSwitches(3) });

    const switches = (await routerState(url)).switches.map((record) => record.by);
    expect(switches).toEqual(['controller', 'admin', 'controller']);
  });

  it('never switches when disabled, but still observes', async () => {
    const url = await startRouter(
      { metric: 'error-rate', above: 0.5, window: '1s', minRequests: 5 },
      { enabled: false },
    );
    green.status = 500;
    await drive(`${url}/v1/models`, { count: 60, gapMs: 10, maxMs: 4000 });
    await new Promise((resolve) => setTimeout(resolve, 4 * INTERVAL_MS));

    const state: RouterState = await routerState(url);
    expect(state.switches).toEqual([]);
    expect(state.weights).toEqual({ blue: 50, green: 50 });
    expect(state.controller.enabled).toBe(false);
    expect(state.observed.green.errors).toBeGreaterThan(10);
    expect(state.observed.green.errorRate).toBe(1);
  });

  it('waits for the breach to hold `for` before firing', async () => {
    const url = await startRouter({ metric: 'error-rate', above: 0.5, window: '500ms', for: '1s', minRequests: 3 });
    green.status = 500;
    const failingSince = Date.now();
    await drive(`${url}/v1/models`, {
      count: 300,
      gapMs: 5,
      maxMs: 6000,
      stop: async () => (await controllerSwitch(url)) !== undefined,
    });

    const record = await controllerSwitch(url);
    expect(record).toBeDefined();
    expect(record?.reason).toContain('over 0.5s for 1s');
    expect((record?.at ?? 0) - failingSince).toBeGreaterThanOrEqual(1000);
  });

  it('does not fire on fewer than minRequests requests in the window', async () => {
    const url = await startRouter(
      { metric: 'error-rate', above: 0.5, window: '5s', minRequests: 40 },
      { weights: { blue: 0, green: 100 } },
    );
    green.status = 500;
    await drive(`${url}/v1/models`, { count: 20, gapMs: 0, maxMs: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 6 * INTERVAL_MS));
    expect((await routerState(url)).switches).toEqual([]);

    await drive(`${url}/v1/models`, {
      count: 60,
      gapMs: 5,
      maxMs: 4000,
      stop: async () => (await controllerSwitch(url)) !== undefined,
    });
    const state = await routerState(url);
    expect(state.switches).toHaveLength(1);
    expect(state.observed.green.requests).toBeGreaterThanOrEqual(40);
  });

  it('fires a health-failures rule when green fails its health checks', async () => {
    green.healthStatus = 503;
    const url = await startRouter({ metric: 'health-failures', above: 0.5, window: '500ms', minRequests: 3 });

    const record = await waitFor(() => controllerSwitch(url), 3000);

    expect(record).toMatchObject({ to: { blue: 100, green: 0 } });
    expect(record?.reason).toMatch(/^green-bad: green failed health checks > 50 % over 0.5s \(observed 100.0 %\)$/);
    const state = await routerState(url);
    expect(state.health.green.healthy).toBe(false);
    expect(state.health.green.consecutiveFailures).toBeGreaterThanOrEqual(3);
    expect(state.health.blue.healthy).toBe(true);
  });
});
