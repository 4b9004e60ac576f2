import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EnvironmentError } from '../../src/errors.js';
import { faultSchema, type FaultSpec } from '../../src/experiment/faults-schema.js';
import type { FaultEnvironment } from '../../src/faults/driver.js';
import { SimulatedGpuDriver } from '../../src/faults/gpu/simulated-driver.js';
import { readLease } from '../../src/faults/lease.js';
import { FaultScheduler, type DriverRegistry } from '../../src/faults/scheduler.js';
import type { JournalEvent } from '../../src/journal/events.js';
import type { RunningServer } from '../../src/reference/server.js';
import { startReferenceService } from '../../src/reference/service/index.js';
import { ManualClock } from '../support/manual-clock.js';

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
  const clock = new ManualClock(START);
  const events: JournalEvent[] = [];
  const leasePath = join(folder, `lease-${Math.random()}.json`);
  const instance = new FaultScheduler({ windows, drivers, environment, journal: { append: (e) => events.push(e) }, clock, startAt: START, leasePath });
  return { instance, clock, events, leasePath };
}

const environment = (): FaultEnvironment => ({ referenceAdmin: { blue: green.url, green: green.url } });

describe('fault scheduler', () => {
  it('applies a fault when its window opens and reverts it when it closes, keeping the lease current', async () => {
    const { instance, clock, events, leasePath } = scheduler([{ fault: pressureFault('squeeze'), start: 1000, end: 3000 }], environment());
    const done = instance.run(new AbortController().signal);
    clock.advanceTo(START + 999);
    expect(await pressureMiB()).toBe(0);

    clock.advanceTo(START + 1000);
    await vi.waitFor(() => expect(events.map((e) => e.type)).toEqual(['fault.applied']));
    expect(await pressureMiB()).toBeCloseTo(0.25 * 24 * 1024);
    expect((await readLease(leasePath)).map((lease) => lease.name)).toEqual(['squeeze']);
    expect(instance.liveFaults()).toEqual(['squeeze']);
    expect(events[0]).toMatchObject({ t: START + 1000, description: 'GPU memory pressure: 25 % of VRAM taken on green (simulated)' });

    clock.advanceTo(START + 3000);
    await done;
    expect(events.map((e) => e.type)).toEqual(['fault.applied', 'fault.reverted']);
    expect(events[1]!.t).toBe(START + 3000);
    expect(await pressureMiB()).toBe(0);
    expect(await readLease(leasePath)).toEqual([]);
  });

  it('reverts a live fault at once when the run is aborted', async () => {
    const { instance, clock, events } = scheduler([{ fault: pressureFault('held'), start: 0, end: 60_000 }], environment());
    const abort = new AbortController();
    const done = instance.run(abort.signal);
    await vi.waitFor(() => expect(instance.liveFaults()).toEqual(['held']));
    clock.advanceTo(START + 5000);
    abort.abort();
    await done;
    expect(events.map((e) => e.type)).toEqual(['fault.applied', 'fault.reverted']);
    expect(await pressureMiB()).toBe(0);
  });

  it('a fault that cannot be applied stops the schedule and reverts what was applied', async () => {
    const broken: FaultEnvironment = { referenceAdmin: { blue: 'http://127.0.0.1:1', green: green.url } };
    const blueFault = faultSchema.parse({ name: 'unreachable', kind: 'gpu-memory-pressure', target: 'blue', at: 0, percent: 10 });
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
    expect(events.map((e) => `${e.type}:${'name' in e ? e.name : ''}`)).toEqual(['fault.applied:first', 'fault.failed:unreachable', 'fault.reverted:first']);
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
