import { request } from 'undici';
import { EnvironmentError, errorMessage } from '../../errors.js';
import type { GpuMemoryPressureFault } from '../../experiment/faults-schema.js';
import { refusesConnections } from '../../util/refuses-connections.js';
import type { FaultDriver, FaultEnvironment, FaultLease, RevertOutcome } from '../driver.js';

/**
 * GPU memory pressure on a reference AI service: occupies part of its simulated VRAM through
 * its admin API, which shrinks the KV-cache budget (queueing, preemption, OOM errors).
 */
export class SimulatedGpuDriver implements FaultDriver<GpuMemoryPressureFault> {
  readonly kinds = ['gpu-memory-pressure'] as const;

  describe(fault: GpuMemoryPressureFault): string {
    const amount = fault.percent !== undefined ? `${fault.percent} % of VRAM` : `${fault.gib} GiB of VRAM`;
    return `GPU memory pressure: ${amount} taken on ${fault.target} (simulated)`;
  }

  async apply(fault: GpuMemoryPressureFault, environment: FaultEnvironment): Promise<FaultLease> {
    const admin = environment.referenceAdmin?.[fault.target];
    if (!admin) {
      throw new EnvironmentError(
        `fault "${fault.name}": the target has no reference service admin API for ${fault.target}`,
      );
    }
    const body = fault.percent !== undefined ? { percent: fault.percent } : { gib: fault.gib };
    await call(`${admin}/admin/vram-pressure`, 'PUT', body);
    return { name: fault.name, kind: fault.kind, target: fault.target, revert: { url: admin } };
  }

  /** The simulated VRAM lives in the service's memory: a service that refuses connections took the pressure with it. */
  async revert(lease: FaultLease): Promise<RevertOutcome> {
    const admin = String(lease.revert.url);
    try {
      await call(`${admin}/admin/vram-pressure`, 'DELETE');
      return 'reverted';
    } catch (error) {
      if (await refusesConnections(admin)) return 'gone';
      throw error;
    }
  }
}

async function call(url: string, method: 'PUT' | 'DELETE', body?: object): Promise<void> {
  try {
    const response = await request(url, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
      headersTimeout: 5000,
      bodyTimeout: 5000,
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`);
  } catch (error) {
    throw new EnvironmentError(`${method} ${url} failed: ${errorMessage(error)}`, { cause: error });
  }
}
