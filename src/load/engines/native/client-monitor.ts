import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { LoadClientEvent } from '../../../journal/events.js';

/** How often the delay monitor's timer runs: each run measures how late the loop was. */
const RESOLUTION_MS = 5;
const NS_PER_MS = 1e6;

/**
 * Watches the engine's own event loop, so a run can tell when the client, not the target, set
 * its timings: how late timers ran (a request's timestamps are taken when the loop gets to
 * them, so this is the error on every measured time), how busy the loop was, and (on the main
 * thread) the process's CPU time, one event per second of the run.
 */
export class ClientMonitor {
  private readonly delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private utilization: EventLoopUtilization;
  private cpu: NodeJS.CpuUsage | undefined;
  /** The second of the run the figures being gathered belong to; undefined before the start. */
  private current: number | undefined;

  /**
   * `startAt`: the run's start (ms since epoch); `worker`: the worker thread's index, when the
   * engine runs several; `cpu`: also measure the whole process's CPU time.
   */
  constructor(private readonly options: { startAt: number; worker?: number; cpu: boolean }) {
    this.delay.enable();
    this.utilization = performance.eventLoopUtilization();
    if (options.cpu) this.cpu = process.cpuUsage();
  }

  /** Second `second` of the run begins: returns the figures of the one that ended (none at the start). */
  tick(second: number): LoadClientEvent | undefined {
    const ended = this.current;
    this.current = second;
    const event = this.figures(ended ?? 0);
    return ended === undefined ? undefined : event;
  }

  /** The run ended: the figures of its last, partial second, and the monitor stops. */
  finish(): LoadClientEvent | undefined {
    const event = this.current === undefined ? undefined : this.figures(this.current);
    this.current = undefined;
    this.delay.disable();
    return event;
  }

  /** The figures since the last call, for the second `second`; then gathering starts afresh. */
  private figures(second: number): LoadClientEvent {
    const t = this.options.startAt + second * 1000;
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, this.utilization).utilization;
    this.utilization = now;
    const event: LoadClientEvent = {
      type: 'load.client',
      t,
      ...(this.options.worker !== undefined ? { worker: this.options.worker } : {}),
      eventLoopDelayMs: this.delayMs(),
      eventLoopUtilization: round(busy, 4),
    };
    this.delay.reset();
    if (this.cpu) {
      const used = process.cpuUsage(this.cpu);
      this.cpu = process.cpuUsage();
      event.cpuMs = round((used.user + used.system) / 1000, 1);
    }
    return event;
  }

  /** The monitor records whole intervals between its timer's runs: the delay is what exceeds RESOLUTION_MS. */
  private delayMs(): LoadClientEvent['eventLoopDelayMs'] {
    if (this.delay.count === 0) return { p50: 0, p99: 0, max: 0 };
    const ms = (ns: number): number => round(Math.max(0, ns / NS_PER_MS - RESOLUTION_MS), 3);
    return { p50: ms(this.delay.percentile(50)), p99: ms(this.delay.percentile(99)), max: ms(this.delay.max) };
  }
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
