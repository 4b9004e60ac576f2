import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EnvironmentError } from '../../src/errors.js';
import { faultWindows, type FaultWindow } from '../../src/experiment/fault-windows.js';
import { faultSchema, type FaultSpec } from '../../src/experiment/faults-schema.js';
import type { FaultEnvironment } from '../../src/faults/driver.js';
import { SimulatedGpuDriver } from '../../src/faults/gpu/simulated-driver.js';
import { readLease } from '../../src/faults/lease.js';
import { FaultScheduler, type DriverRegistry } from '../../src/faults/scheduler.js';
import type { JournalEvent } from '../../src/journal/events.js';
import type { RunningServer } from '../../src/reference/server.js';
import { startReferenceService } from '../../src/reference/service/index.js';
import { ToxiproxyDriver } from '../../src/faults/toxiproxy/driver.js';
import { ensureProxy } from '../../src/faults/toxiproxy/proxies.js';
import { startEmbeddedToxiproxy, type EmbeddedToxiproxy } from '../../src/faults/toxiproxy/server/index.js';
import { ManualClock } from '../support/manual-clock.js';
import { rawApi, startEchoServer, type TcpServer } from './toxiproxy/fixtures.js';

const START = 1_000_000;
const drivers: DriverRegistry = new Map([['gpu-memory-pressure', new SimulatedGpuDriver()]]);
let green: RunningServer;
let folder: string;

beforeAll(async () => {
  green = await startReferenceService({ colour: 'green' });
  folder = mkdtempSync(join(tmpdir(), 'greenlight-scheduler-'));
});
afterAll(async () => {
  await green.close();
  rmSync(folder, { recursive: true, force: true });
});

async function pressureMiB(): Promise<number> {
  const response = await request(`${green.url}/admin/state`);
  return ((await response.body.json()) as { vram: { pressureMiB: number } }).vram.pressureMiB;
}

function pressureFault(name: string): FaultSpec {
  return faultSchema.parse({ name, kind: 'gpu-memory-pressure', target: 'green', at: 0, percent: 25 });
}

function scheduler(windows: { fault: FaultSpec; start: number; end: number }[], environment: FaultEnvironment) {
  return schedulerWith(
    windows.map((window) => ({ ...window, steps: [] })),
    environment,
    drivers,
  );
}

function schedulerWith(windows: FaultWindow[], environment: FaultEnvironment, registry: DriverRegistry) {
  const clock = new ManualClock(START);
  const events: JournalEvent[] = [];
  const leasePath = join(folder, `lease-${Math.random()}.json`);
  const instance = new FaultScheduler({
    windows,
    drivers: registry,
    environment,
    journal: { append: (e) => events.push(e) },
    clock,
    startAt: START,
    leasePath,
  });
  return { instance, clock, events, leasePath };
}

const environment = (): FaultEnvironment => ({ referenceAdmin: { blue: green.url, green: green.url } });

describe('fault scheduler', () => {
  it('applies a fault when its window opens and reverts it when it closes, keeping the lease current', async () => {
    const { instance, clock, events, leasePath } = scheduler(
      [{ fault: pressureFault('squeeze'), start: 1000, end: 3000 }],
      environment(),
    );
    const done = instance.run(new AbortController().signal);
    clock.advanceTo(START + 999);
    expect(await pressureMiB()).toBe(0);

    clock.advanceTo(START + 1000);
    await vi.waitFor(() => expect(events.map((e) => e.type)).toEqual(['fault.applied']));
    expect(await pressureMiB()).toBeCloseTo(0.25 * 24 * 1024);
    expect((await readLease(leasePath)).map((lease) => lease.name)).toEqual(['squeeze']);
    expect(instance.liveFaults()).toEqual(['squeeze']);
    expect(events[0]).toMatchObject({
      t: START + 1000,
      description: 'GPU memory pressure: 25 % of VRAM taken on green (simulated)',
    });

    clock.advanceTo(START + 3000);
    await done;
    expect(events.map((e) => e.type)).toEqual(['fault.applied', 'fault.reverted']);
    expect(events[1]!.t).toBe(START + 3000);
    expect(await pressureMiB()).toBe(0);
    expect(await readLease(leasePath)).toEqual([]);
  });

  it('reverts a live fault at once when the run is aborted', async () => {
    const { instance, clock, events } = scheduler(
      [{ fault: pressureFault('held'), start: 0, end: 60_000 }],
      environment(),
    );
    const abort = new AbortController();
    const done = instance.run(abort.signal);
    await vi.waitFor(() => expect(instance.liveFaults()).toEqual(['held']));
    clock.advanceTo(START + 5000);
    abort.abort();
    await done;
    expect(events.map((e) => e.type)).toEqual(['fault.applied', 'fault.reverted']);
    expect(await pressureMiB()).toBe(0);
  });

  it('applies nothing when the run ended before the schedule started (a load that failed at once)', async () => {
    const { instance, clock, events } = scheduler(
      [{ fault: pressureFault('never'), start: 1000, end: 60_000 }],
      environment(),
    );
    const done = instance.run(AbortSignal.abort());
    clock.advanceTo(START + 2000);
    await done;
    expect(events).toEqual([]);
    expect(await pressureMiB()).toBe(0);
  });

  it('a fault that cannot be applied stops the schedule and reverts what was applied', async () => {
    const broken: FaultEnvironment = { referenceAdmin: { blue: 'http://127.0.0.1:1', green: green.url } };
    const blueFault = faultSchema.parse({
      name: 'unreachable',
      kind: 'gpu-memory-pressure',
      target: 'blue',
      at: 0,
      percent: 10,
    });
    const { instance, clock, events } = scheduler(
      [
        { fault: pressureFault('first'), start: 0, end: 10_000 },
        { fault: blueFault, start: 1000, end: 10_000 },
      ],
      broken,
    );
    const done = instance.run(new AbortController().signal);
    await vi.waitFor(() => expect(instance.liveFaults()).toEqual(['first']));
    clock.advanceTo(START + 1000);
    await expect(done).rejects.toBeInstanceOf(EnvironmentError);
    expect(events.map((e) => `${e.type}:${'name' in e ? e.name : ''}`)).toEqual([
      'fault.applied:first',
      'fault.failed:unreachable',
      'fault.reverted:first',
    ]);
    expect(await pressureMiB()).toBe(0);
  });

  it('a revert without a driver is a failed revert, not a reverted fault, and the lease keeps it', async () => {
    const registry = new Map(drivers);
    const { instance, clock, events, leasePath } = schedulerWith(
      [{ fault: pressureFault('orphan'), start: 0, end: 5000, steps: [] }],
      environment(),
      registry,
    );
    const done = instance.run(new AbortController().signal);
    await vi.waitFor(() => expect(instance.liveFaults()).toEqual(['orphan']));
    registry.delete('gpu-memory-pressure');
    clock.advanceTo(START + 5000);
    await done;

    expect(events.map((e) => e.type)).not.toContain('fault.reverted');
    expect(events.at(-1)).toMatchObject({
      type: 'fault.failed',
      name: 'orphan',
      action: 'revert',
      error: 'no driver for kind "gpu-memory-pressure" on this target',
    });
    expect(instance.liveFaults()).toEqual(['orphan']);
    expect((await readLease(leasePath)).map((lease) => lease.name)).toEqual(['orphan']);
    await new SimulatedGpuDriver().revert((await readLease(leasePath))[0]!);
  });

  it('a ramp step the driver cannot take fails like an apply: journaled, then an environment error', async () => {
    const ramped: FaultWindow = {
      fault: pressureFault('stuck'),
      start: 0,
      end: 10_000,
      steps: [{ at: 2000, fault: pressureFault('stuck') }],
    };
    const { instance, clock, events } = schedulerWith([ramped], environment(), drivers);
    const done = instance.run(new AbortController().signal);
    await vi.waitFor(() => expect(instance.liveFaults()).toEqual(['stuck']));
    clock.advanceTo(START + 2000);

    await expect(done).rejects.toThrow('fault "stuck": kind "gpu-memory-pressure" cannot be changed while live');
    expect(events.map((e) => `${e.type}${e.type === 'fault.failed' ? `:${e.action}` : ''}`)).toEqual([
      'fault.applied',
      'fault.failed:update',
      'fault.reverted',
    ]);
    expect(await pressureMiB()).toBe(0);
  });

  it('reverting twice is harmless', async () => {
    const { instance, events } = scheduler([{ fault: pressureFault('once'), start: 0, end: 0 }], environment());
    await instance.run(new AbortController().signal);
    await instance.revertAll();
    await instance.revertAll();
    expect(events.filter((e) => e.type === 'fault.reverted')).toHaveLength(1);
  });
});

describe('network fault timelines on the embedded Toxiproxy', () => {
  let toxiproxy: EmbeddedToxiproxy;
  let upstream: TcpServer;
  let network: FaultEnvironment;
  const toxiproxyDrivers: DriverRegistry = new Map(
    new ToxiproxyDriver().kinds.map((kind) => [kind, new ToxiproxyDriver()]),
  );
  const phases = [{ name: 'all', duration: 60_000 }];

  beforeAll(async () => {
    toxiproxy = await startEmbeddedToxiproxy({ seed: 1 });
    upstream = await startEchoServer();
    await ensureProxy(toxiproxy.url, { name: 'greenlight-green', listen: '127.0.0.1:0', upstream: upstream.address });
    network = { toxiproxy: { url: toxiproxy.url, proxies: { blue: 'greenlight-green', green: 'greenlight-green' } } };
  });
  afterAll(async () => {
    await toxiproxy.close();
    await upstream.close();
  });

  async function latencyOnGreen(): Promise<number | undefined> {
    const response = await rawApi(toxiproxy.url, 'GET', '/proxies/greenlight-green/toxics/greenlight-grow');
    return response.status === 200
      ? (JSON.parse(response.text) as { attributes: { latency: number } }).attributes.latency
      : undefined;
  }

  it('steps a latency ramp every 10 s while the window lasts, journaling every step', async () => {
    const fault = faultSchema.parse({
      name: 'grow',
      kind: 'latency',
      target: 'green',
      at: '5s',
      for: '30s',
      latency: 100,
      ramp: { every: '10s', by: 100 },
    });
    const windows = faultWindows([fault], phases, 1);
    expect(windows.map((w) => [w.start, w.end, w.steps.map((s) => s.at)])).toEqual([[5000, 35_000, [15_000, 25_000]]]);
    const { instance, clock, events } = schedulerWith(windows, network, toxiproxyDrivers);
    const done = instance.run(new AbortController().signal);

    for (const [index, [at, latency]] of (
      [
        [5000, 100],
        [15_000, 200],
        [25_000, 300],
      ] as const
    ).entries()) {
      clock.advanceTo(START + at);
      await vi.waitFor(() => expect(events).toHaveLength(index + 1));
      expect(await latencyOnGreen()).toBe(latency);
    }
    clock.advanceTo(START + 35_000);
    await done;
    expect(await latencyOnGreen()).toBeUndefined();
    expect(events.map((e) => [e.type, e.t, 'description' in e ? e.description : ''])).toEqual([
      ['fault.applied', START + 5000, 'latency +100 ms downstream on green'],
      ['fault.updated', START + 15_000, 'latency +200 ms downstream on green'],
      ['fault.updated', START + 25_000, 'latency +300 ms downstream on green'],
      ['fault.reverted', START + 35_000, ''],
    ]);
  });

  it('takes ramp steps from a list and holds the last one', () => {
    const fault = faultSchema.parse({
      name: 'grow',
      kind: 'latency',
      target: 'green',
      at: 0,
      latency: 50,
      ramp: { every: '10s', steps: [100, 400] },
    });
    const [window] = faultWindows([fault], phases, 1);
    expect(window?.steps.map((step) => [step.at, step.fault.kind === 'latency' && step.fault.latency])).toEqual([
      [10_000, 100],
      [20_000, 400],
    ]);
  });

  it('repeats a window: applied and reverted each time, never overlapping', async () => {
    const fault = faultSchema.parse({
      name: 'grow',
      kind: 'latency',
      target: 'green',
      at: 0,
      for: '5s',
      repeat: { every: '20s', times: 3 },
      latency: 100,
    });
    const windows = faultWindows([fault], phases, 1);
    expect(windows.map((w) => [w.start, w.end])).toEqual([
      [0, 5000],
      [20_000, 25_000],
      [40_000, 45_000],
    ]);
    const { instance, clock, events } = schedulerWith(windows, network, toxiproxyDrivers);
    const done = instance.run(new AbortController().signal);
    for (const [round, at] of [0, 20_000, 40_000].entries()) {
      clock.advanceTo(START + at);
      await vi.waitFor(() => expect(events).toHaveLength(2 * round + 1));
      expect(await latencyOnGreen()).toBe(100);
      clock.advanceTo(START + at + 5000);
      await vi.waitFor(() => expect(events).toHaveLength(2 * round + 2));
      expect(await latencyOnGreen()).toBeUndefined();
    }
    await done;
    expect(events.map((e) => `${e.type}@${e.t - START}`)).toEqual([
      'fault.applied@0',
      'fault.reverted@5000',
      'fault.applied@20000',
      'fault.reverted@25000',
      'fault.applied@40000',
      'fault.reverted@45000',
    ]);
  });

  it('jitters start times from the seed: the same seed gives the same timeline', () => {
    const fault = faultSchema.parse({
      name: 'j',
      kind: 'outage',
      target: 'green',
      at: '10s',
      for: '1s',
      repeat: { every: '10s', times: 4 },
      startJitter: '2s',
    });
    const starts = (seed: number) => faultWindows([fault], phases, seed).map((w) => w.start);
    const first = starts(7);
    expect(first).toEqual(starts(7));
    expect(first).not.toEqual(starts(8));
    first.forEach((start, i) => expect(start - (10_000 + i * 10_000)).toBeGreaterThanOrEqual(0));
    first.forEach((start, i) => expect(start - (10_000 + i * 10_000)).toBeLessThanOrEqual(2000));
    expect(new Set(first.map((start, i) => start - i * 10_000)).size).toBeGreaterThan(1);
  });

  it('refuses a repeat whose windows would overlap', () => {
    const parsed = faultSchema.safeParse({
      name: 'x',
      kind: 'outage',
      target: 'green',
      at: 0,
      for: '30s',
      repeat: { every: '20s', times: 2 },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['repeat']);
  });
});
