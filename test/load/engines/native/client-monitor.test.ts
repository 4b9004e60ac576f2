import { describe, expect, it } from 'vitest';
import { ClientMonitor } from '../../../../src/load/engines/native/client-monitor.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps the event loop busy for `ms` of CPU time, as a client with too much to do would. */
function block(ms: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if (used.user + used.system >= ms * 1000) return;
  }
}

describe('ClientMonitor', () => {
  it('writes one event per second of the run: the loop’s delay, how busy it was and the CPU used', async () => {
    const startAt = Date.now();
    const monitor = new ClientMonitor({ startAt, cpu: true });
    expect(monitor.tick(0)).toBeUndefined();
    await sleep(150);
    const idle = monitor.tick(1);
    await sleep(20);
    block(80);
    await sleep(100);
    const busy = monitor.tick(2);
    const last = monitor.finish();

    expect(idle).toMatchObject({ type: 'load.client', t: startAt });
    expect(idle).not.toHaveProperty('worker');
    expect(busy?.t).toBe(startAt + 1000);
    // A timer due during the 80 ms block ran that much late.
    expect(busy!.eventLoopDelayMs.max).toBeGreaterThan(50);
    expect(busy!.eventLoopDelayMs.max).toBeGreaterThan(idle!.eventLoopDelayMs.max);
    expect(busy!.eventLoopUtilization).toBeGreaterThan(idle!.eventLoopUtilization);
    expect(busy!.cpuMs).toBeGreaterThanOrEqual(80);
    expect(last?.t).toBe(startAt + 2000);
    expect(monitor.finish()).toBeUndefined();
  });

  it('names its worker and leaves the process’s CPU to the main thread', () => {
    const monitor = new ClientMonitor({ startAt: 0, worker: 3, cpu: false });
    monitor.tick(0);
    const event = monitor.tick(1);
    monitor.finish();
    expect(event).toMatchObject({ worker: 3 });
    expect(event).not.toHaveProperty('cpuMs');
  });
});
