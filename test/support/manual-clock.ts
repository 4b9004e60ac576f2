import type { Clock } from '../../src/util/clock.js';

interface Sleeper {
  until: number;
  resolve: () => void;
}

/** A clock tests move by hand: sleepers wake only when `advanceTo` passes their time. */
export class ManualClock implements Clock {
  private sleepers: Sleeper[] = [];

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  sleepUntil(t: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (t <= this.current) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const sleeper: Sleeper = { until: t, resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          reject(
            signal.reason instanceof Error && signal.reason.name === 'AbortError'
              ? signal.reason
              : new DOMException('aborted', 'AbortError'),
          );
        },
        { once: true },
      );
    });
  }

  advanceTo(t: number): void {
    this.current = t;
    const due = this.sleepers.filter((s) => s.until <= t);
    this.sleepers = this.sleepers.filter((s) => s.until > t);
    for (const sleeper of due) sleeper.resolve();
  }
}
