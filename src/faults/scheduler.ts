import { EnvironmentError, errorMessage } from '../errors.js';
import type { FaultSpec } from '../experiment/faults-schema.js';
import type { FaultRevertedEvent, JournalSink } from '../journal/events.js';
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
 * Applies each fault when its window opens, steps it along its ramp and reverts it when the
 * window closes; the windows of one fault run in turn. Whatever ends the run — the last window,
 * an abort, an exception — `run()` only settles after every applied fault has been reverted (or
 * its revert failure journaled).
 */
export class FaultScheduler {
  private readonly live = new Map<string, FaultLease>();
  /** Lease writes are chained: faults applied at the same moment must not race on the file. */
  private leaseWrites: Promise<void> = Promise.resolve();
  /**
   * Applies and ramp steps take turns, in the order their windows woke: faults that start at the
   * same moment are applied and journaled in the order the experiment declares them, every run.
   */
  private changes: Promise<void> = Promise.resolve();
  /**
   * One sleep per moment, shared by every window that waits for it: a clock's timers for the
   * same moment need not fire in the order they were set, but awaiters of one promise resume in
   * the order they awaited it — declaration order.
   */
  private readonly moments = new Map<number, Promise<void>>();

  constructor(private readonly options: SchedulerOptions) {}

  liveFaults(): string[] {
    return [...this.live.keys()];
  }

  async run(signal: AbortSignal): Promise<void> {
    // One failing fault stops the others' schedules too: a half-applied experiment is no run.
    const stop = new AbortController();
    const forwardAbort = (): void => stop.abort(signal.reason);
    if (signal.aborted) forwardAbort();
    signal.addEventListener('abort', forwardAbort, { once: true });
    try {
      const outcomes = await Promise.allSettled(
        [...windowsByFault(this.options.windows).values()].map((windows) =>
          this.runWindowsInTurn(windows, stop.signal).catch((error: unknown) => {
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

  /** The windows of one fault (a repeat) never overlap, so each one is reverted before the next opens. */
  private async runWindowsInTurn(windows: readonly FaultWindow[], signal: AbortSignal): Promise<void> {
    for (const window of windows) {
      if (signal.aborted) return;
      await this.runWindow(window, signal);
    }
  }

  private async runWindow(window: FaultWindow, signal: AbortSignal): Promise<void> {
    try {
      await this.moment(window.start, signal);
      await this.inTurn(() => this.apply(window.fault));
      for (const step of window.steps) {
        await this.moment(step.at, signal);
        await this.inTurn(() => this.update(step.fault));
      }
      await this.moment(window.end, signal);
    } catch (error) {
      if (!isAbortError(error)) throw error;
    } finally {
      await this.revert(window.fault.name);
    }
  }

  private async apply(fault: FaultSpec): Promise<void> {
    const driver = this.driverFor(fault);
    const lease = await this.attempt(fault, 'apply', () => driver.apply(fault, this.options.environment));
    this.live.set(fault.name, lease);
    await this.saveLease();
    this.options.journal.append({ type: 'fault.applied', ...this.stamp(fault), description: driver.describe(fault) });
  }

  private async update(fault: FaultSpec): Promise<void> {
    const lease = this.live.get(fault.name);
    if (!lease) return;
    const driver = this.driverFor(fault);
    const update = driver.update?.bind(driver);
    const updated = await this.attempt(fault, 'update', () => {
      if (!update) throw new Error(`kind "${fault.kind}" cannot be changed while live`);
      return update(lease, fault);
    });
    this.live.set(fault.name, updated);
    await this.saveLease();
    this.options.journal.append({ type: 'fault.updated', ...this.stamp(fault), description: driver.describe(fault) });
  }

  /** Runs a driver's apply or update; a failure is journaled and stops the run as an environment error. */
  private async attempt<T>(fault: FaultSpec, action: 'apply' | 'update', change: () => Promise<T>): Promise<T> {
    try {
      return await change();
    } catch (error) {
      this.recordFailure(fault, action, error);
      throw error instanceof EnvironmentError
        ? error
        : new EnvironmentError(`fault "${fault.name}": ${errorMessage(error)}`, { cause: error });
    }
  }

  /** Reverts a live fault; a failure (or no driver to revert it with) is journaled, never thrown. */
  private async revert(name: string): Promise<void> {
    const lease = this.live.get(name);
    if (!lease) return;
    try {
      const driver = this.options.drivers.get(lease.kind);
      if (!driver) throw new Error(`no driver for kind "${lease.kind}" on this target`);
      await driver.revert(lease);
      this.live.delete(name);
      this.options.journal.append({ type: 'fault.reverted', ...this.stamp(lease) });
    } catch (error) {
      this.recordFailure(lease, 'revert', error);
    }
    await this.saveLease();
  }

  private recordFailure(fault: FaultSpec | FaultLease, action: 'apply' | 'update' | 'revert', error: unknown): void {
    this.options.journal.append({ type: 'fault.failed', ...this.stamp(fault), action, error: errorMessage(error) });
  }

  /** What every fault event carries: the moment, and which fault it is. */
  private stamp({ name, kind, target }: FaultSpec | FaultLease): Omit<FaultRevertedEvent, 'type'> {
    return { t: this.options.clock.now(), name, kind, target };
  }

  /** Resolves at `offset` ms after the run start. */
  private moment(offset: number, signal: AbortSignal): Promise<void> {
    let sleep = this.moments.get(offset);
    if (!sleep) {
      sleep = this.options.clock.sleepUntil(this.options.startAt + offset, signal);
      this.moments.set(offset, sleep);
    }
    return sleep;
  }

  private inTurn(change: () => Promise<void>): Promise<void> {
    const turn = this.changes.then(change);
    this.changes = turn.catch(() => undefined);
    return turn;
  }

  private saveLease(): Promise<void> {
    this.leaseWrites = this.leaseWrites
      .catch(() => undefined)
      .then(() => writeLease(this.options.leasePath, [...this.live.values()]));
    return this.leaseWrites;
  }

  private driverFor(fault: FaultSpec): FaultDriver {
    const driver = this.options.drivers.get(fault.kind);
    if (!driver) throw new EnvironmentError(`fault "${fault.name}": no driver for kind "${fault.kind}" on this target`);
    return driver;
  }
}

function windowsByFault(windows: readonly FaultWindow[]): Map<string, FaultWindow[]> {
  const byFault = new Map<string, FaultWindow[]>();
  for (const window of windows) byFault.set(window.fault.name, [...(byFault.get(window.fault.name) ?? []), window]);
  return byFault;
}
