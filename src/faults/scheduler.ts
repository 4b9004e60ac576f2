import { EnvironmentError, errorMessage } from '../errors.js';
import type { FaultSpec } from '../experiment/faults-schema.js';
import type { JournalSink } from '../journal/events.js';
import { isAbortError, type Clock } from '../util/clock.js';
import type { FaultDriver, FaultEnvironment, FaultLease } from './driver.js';
import { writeLease } from './lease.js';
import type { FaultWindow } from '../experiment/fault-windows.js';

export type DriverRegistry = ReadonlyMap<FaultSpec['kind'], FaultDriver>;

export interface SchedulerOptions {
  windows: readonly FaultWindow[];
  drivers: DriverRegistry;
  environment: FaultEnvironment;
  journal: JournalSink;
  clock: Clock;
  /** Run start on the clock; window offsets count from here. */
  startAt: number;
  /** The lease file listing live faults, for `greenlight cleanup` after a hard kill. */
  leasePath: string;
}

/**
 * Applies each fault when its window opens and reverts it when the window closes. Whatever
 * ends the run — the last window, an abort, an exception — `run()` only settles after every
 * applied fault has been reverted (or its revert failure journaled).
 */
export class FaultScheduler {
  private readonly live = new Map<string, FaultLease>();
  /** Lease writes are chained: faults applied at the same moment must not race on the file. */
  private leaseWrites: Promise<void> = Promise.resolve();

  constructor(private readonly options: SchedulerOptions) {}

  liveFaults(): string[] {
    return [...this.live.keys()];
  }

  describe(fault: FaultSpec): string {
    return this.driverFor(fault).describe(fault);
  }

  async run(signal: AbortSignal): Promise<void> {
    // One failing fault stops the others' schedules too: a half-applied experiment is no run.
    const stop = new AbortController();
    const forwardAbort = (): void => stop.abort(signal.reason);
    signal.addEventListener('abort', forwardAbort, { once: true });
    try {
      const outcomes = await Promise.allSettled(
        this.options.windows.map((window) =>
          this.runWindow(window, stop.signal).catch((error: unknown) => {
            stop.abort(error);
            throw error;
          }),
        ),
      );
      const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (failure) throw failure.reason;
    } finally {
      signal.removeEventListener('abort', forwardAbort);
      await this.revertAll();
    }
  }

  /** Reverts every live fault; safe to call more than once. */
  async revertAll(): Promise<void> {
    for (const name of [...this.live.keys()].reverse()) await this.revert(name);
  }

  private async runWindow(window: FaultWindow, signal: AbortSignal): Promise<void> {
    const { clock, startAt } = this.options;
    try {
      await clock.sleepUntil(startAt + window.start, signal);
      await this.apply(window.fault);
      await clock.sleepUntil(startAt + window.end, signal);
    } catch (error) {
      if (!isAbortError(error)) throw error;
    } finally {
      await this.revert(window.fault.name);
    }
  }

  private async apply(fault: FaultSpec): Promise<void> {
    const { journal, clock, environment } = this.options;
    const driver = this.driverFor(fault);
    let lease: FaultLease;
    try {
      lease = await driver.apply(fault, environment);
    } catch (error) {
      journal.append({ type: 'fault.failed', t: clock.now(), name: fault.name, kind: fault.kind, target: fault.target, action: 'apply', error: errorMessage(error) });
      throw error instanceof EnvironmentError ? error : new EnvironmentError(`fault "${fault.name}": ${errorMessage(error)}`, { cause: error });
    }
    this.live.set(fault.name, lease);
    await this.saveLease();
    journal.append({ type: 'fault.applied', t: clock.now(), name: fault.name, kind: fault.kind, target: fault.target, description: driver.describe(fault) });
  }

  private async revert(name: string): Promise<void> {
    const lease = this.live.get(name);
    if (!lease) return;
    const { journal, clock, drivers } = this.options;
    try {
      await drivers.get(lease.kind)?.revert(lease);
      this.live.delete(name);
      journal.append({ type: 'fault.reverted', t: clock.now(), name, kind: lease.kind, target: lease.target });
    } catch (error) {
      journal.append({ type: 'fault.failed', t: clock.now(), name, kind: lease.kind, target: lease.target, action: 'revert', error: errorMessage(error) });
    }
    await this.saveLease();
  }

  private saveLease(): Promise<void> {
    this.leaseWrites = this.leaseWrites.catch(() => undefined).then(() => writeLease(this.options.leasePath, [...this.live.values()]));
    return this.leaseWrites;
  }

  private driverFor(fault: FaultSpec): FaultDriver {
    const driver = this.options.drivers.get(fault.kind);
    if (!driver) throw new EnvironmentError(`fault "${fault.name}": no driver for kind "${fault.kind}" on this target`);
    return driver;
  }
}
