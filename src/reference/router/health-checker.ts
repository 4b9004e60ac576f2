import type { HealthCheckOptions } from './options.js';
import type { Upstream } from './upstream.js';

export interface HealthStatus {
  /** The latest check passed; false until a first check has passed. */
  healthy: boolean;
  /** When the latest check finished, in ms since the epoch; null before the first. */
  lastCheckAt: number | null;
  consecutiveFailures: number;
}

/** Probes one upstream every interval; a check still running when the next is due is not doubled. */
export class HealthChecker {
  private readonly status: HealthStatus = { healthy: false, lastCheckAt: null, consecutiveFailures: 0 };
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(
    private readonly upstream: Upstream,
    private readonly options: HealthCheckOptions,
    private readonly onCheck: (at: number, healthy: boolean) => void,
  ) {}

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.check(), this.options.intervalMs);
    this.timer.unref();
    void this.check();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  snapshot(): HealthStatus {
    return { ...this.status };
  }

  private async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    const healthy = await this.upstream.probe(this.options.path, this.options.timeoutMs);
    this.checking = false;
    if (this.timer === undefined) return;
    const at = Date.now();
    this.status.healthy = healthy;
    this.status.lastCheckAt = at;
    this.status.consecutiveFailures = healthy ? 0 : this.status.consecutiveFailures + 1;
    this.onCheck(at, healthy);
  }
}
