import type { CleanupAudit } from '../evaluate/summary.js';
import type { FaultEnvironment } from '../faults/driver.js';
import type { Colour } from '../shared/colour.js';
import type { RouterObserver } from './router-observer.js';
import type { KnownRouter } from './router-cost/assess.js';

/**
 * A target that is up and ready for a run, whatever its kind (embedded, containers, compose,
 * external): the runner only ever sees this. Kinds live in their own folders under src/targets.
 */
export interface RunningTarget {
  /** Where the load goes: the router in front of blue and green. */
  routerUrl: string;
  /** Each colour's own URL, where the target has one (preflight, the router's cost). */
  colourUrls: Partial<Record<Colour, string>>;
  /** Sent with every request (load, preflight, probes); resolved values, never written anywhere. */
  headers: Record<string, string>;
  faultEnvironment: FaultEnvironment;
  observer: RouterObserver;
  /** One line per part, for the run's start banner. */
  parts: string[];
  /** host:port of every /metrics endpoint of the target, for greenlight's own Prometheus to scrape. */
  metricsTargets: string[];
  /**
   * Present when the router is the user's: before the load, the run measures what it adds to
   * each colour's answers (src/targets/router-cost); `router` names its software when known.
   */
  routerCostCheck?: { router?: KnownRouter };
  /** Asks every part for faults greenlight left behind. */
  audit(): Promise<CleanupAudit>;
  /**
   * Records in the run folder what a killed run would leave outside greenlight's own processes
   * (containers, a compose project, proxies on a Toxiproxy), for `greenlight cleanup`; close()
   * removes the record once it has removed them.
   */
  recordLease(runDir: string): Promise<void>;
  /** Stops or removes everything the target started or created, and nothing else; safe to call again. */
  close(): Promise<void>;
}

export interface TargetOptions {
  seed: number;
  /** Overrides whether greenlight's reference controller runs (`--no-controller`, the gate). */
  controllerEnabled?: boolean;
}
