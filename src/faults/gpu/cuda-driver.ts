import type { GpuMemoryPressureFault } from '../../experiment/faults-schema.js';
import type { FaultLease, RevertOutcome } from '../driver.js';
import { startGpuHelper, stopGpuHelper } from './helper-process.js';
import type { GpuHoldRequest } from './hold.js';
import { startGpuSidecar, stopGpuSidecar } from './sidecar.js';
import { readGpuMemory } from './nvidia-smi.js';

/**
 * Real GPU memory pressure on this host: a `greenlight gpu hold` helper allocates the memory
 * through the CUDA driver API and holds it until revert, as a process of its own or in a
 * sidecar container with a GPU device request. nvidia-smi readings before and during the fault
 * go into its description (and so into the journal).
 */
export class CudaGpuDriver {
  private readonly observed = new Map<string, string>();

  describe(fault: GpuMemoryPressureFault): string {
    const amount = fault.percent !== undefined ? `${fault.percent} %` : `${fault.gib} GiB`;
    const observed = this.observed.get(fault.name);
    const helper = fault.helper === 'sidecar' ? `a CUDA helper sidecar (${fault.image})` : 'a CUDA helper';
    return `GPU memory pressure: ${amount} of GPU ${fault.device} held by ${helper} (for ${fault.target})${observed ? `; nvidia-smi ${observed}` : ''}`;
  }

  async apply(fault: GpuMemoryPressureFault): Promise<FaultLease> {
    const before = await readGpuMemory(fault.device);
    const request: GpuHoldRequest = {
      device: fault.device,
      ...(fault.percent !== undefined ? { percent: fault.percent } : { gib: fault.gib ?? 0 }),
    };
    const { heldMiB, revert } =
      fault.helper === 'sidecar'
        ? await startGpuSidecar({ ...request, image: fault.image, faultName: fault.name }).then((sidecar) => ({
            heldMiB: sidecar.heldMiB,
            revert: { container: sidecar.containerId },
          }))
        : await startGpuHelper(request).then((helper) => ({ heldMiB: helper.heldMiB, revert: { pid: helper.pid } }));
    const lease: FaultLease = {
      name: fault.name,
      kind: fault.kind,
      target: fault.target,
      revert: { mode: 'cuda', device: fault.device, ...revert },
    };
    // A fault whose apply fails is never leased: let go of the memory before failing.
    const during = await readGpuMemory(fault.device).catch(async (error: unknown) => {
      await this.revert(lease);
      throw error;
    });
    this.observed.set(
      fault.name,
      `used ${before.usedMiB} → ${during.usedMiB} MiB of ${during.totalMiB} MiB (helper holds ${heldMiB} MiB)`,
    );
    return lease;
  }

  async revert(lease: FaultLease): Promise<RevertOutcome> {
    const { container, pid } = lease.revert;
    if (container !== undefined) await stopGpuSidecar(String(container));
    else await stopGpuHelper(Number(pid));
    return 'reverted';
  }
}
