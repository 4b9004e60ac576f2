import type { FaultSpec } from '../experiment/faults-schema.js';

/**
 * What a driver needs to find the thing it breaks. The stack fills it in: the embedded stack
 * with its own processes, later stacks from compose or a target file.
 */
export interface FaultEnvironment {
  /** Toxiproxy API URL and the proxy in front of each colour that has one. */
  toxiproxy?: { url: string; proxies: Partial<Record<'blue' | 'green', string>> };
  /** Admin base URL of each colour that is a reference service (simulated VRAM). */
  referenceAdmin?: Partial<Record<'blue' | 'green', string>>;
  /** Docker container id of each colour that runs in one. */
  containers?: Partial<Record<'blue' | 'green', string>>;
}

/**
 * A live fault, as recorded in the lease file: plain data holding everything needed to revert
 * it, even from another process after the run was killed (`greenlight cleanup`).
 */
export interface FaultLease {
  name: string;
  kind: FaultSpec['kind'];
  target: string;
  /** Driver-specific revert data (toxic name and proxy, admin URL, …). */
  revert: Record<string, string | number>;
}

export type RevertOutcome = 'reverted' | 'gone';

/** One driver per fault family; the scheduler knows them only through this interface. */
export interface FaultDriver<Spec extends FaultSpec = FaultSpec> {
  readonly kinds: readonly Spec['kind'][];
  /** One line for progress and reports, e.g. "latency +300±50 ms downstream on green". */
  describe(fault: Spec): string;
  apply(fault: Spec, environment: FaultEnvironment): Promise<FaultLease>;
  /**
   * Changes a live fault in place (one step of a ramp) and returns its lease from then on.
   * Drivers without it cannot ramp; the schema only offers ramps for kinds whose driver can.
   */
  update?(lease: FaultLease, fault: Spec): Promise<FaultLease>;
  /**
   * Idempotent: reverting an already reverted fault is not an error. 'gone' when the thing the
   * fault changed no longer exists (its process refuses connections, its container was removed):
   * what the fault changed went with it, so there is nothing left to revert.
   */
  revert(lease: FaultLease): Promise<RevertOutcome>;
}
