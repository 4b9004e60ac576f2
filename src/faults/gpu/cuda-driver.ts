import type { GpuMemoryPressureFault } from '../../experiment/faults-schema.js';
import type { FaultLease } from '../driver.js';
import { startGpuHelper, stopGpuHelper } from './helper-process.js';
import { readGpuMemory } from './nvidia-smi.js';

/**
 * Real GPU memory pressure on this host: a `greenlight gpu hold` helper process allocates the
 * memory through the CUDA driver API and holds it until revert. nvidia-smi readings before and
 * during the fault go into its description (and so into the journal).
 */
export class CudaGpuDriver {
  private readonly observed = new Map<string, string>();

  describe(fault: GpuMemoryPressureFault): string {
    const amount = fault.percent !== undefined ? `${fault.percent} %` : `${fault.gib} GiB`;
    const observed = this.observed.get(fault.name);
    return `GPU memory pressure: ${amount} of GPU ${fault.device} held by a CUDA helper (for ${fault.target})${observed ? `; nvidia-smi ${observed}` : ''}`;
  }

  async apply(fault: GpuMemoryPressureFault): Promise<FaultLease> {
    const before = await readGpuMemory(fault.device);
    const helper = await startGpuHelper({
      device: fault.device,
      ...(fault.percent !== undefined ? { percent: fault.percent } : { gib: fault.gib ?? 0 }),
    });
    const during = await readGpuMemory(fault.device);
    this.observed.set(
      fault.name,
      `used ${before.usedMiB} → ${during.usedMiB} MiB of ${during.totalMiB} MiB (helper holds ${helper.heldMiB} MiB)`,
    );
    return {
      name: fault.name,
      kind: fault.kind,
      target: fault.target,
      revert: { mode: 'cuda', pid: helper.pid, device: fault.device },
    };
  }

  async revert(lease: FaultLease): Promise<void> {
    await stopGpuHelper(Number(lease.revert.pid));
  }
}
