import type { GpuMemoryPressureFault } from '../../experiment/faults-schema.js';
import type { FaultDriver, FaultEnvironment, FaultLease, RevertOutcome } from '../driver.js';
import { CudaGpuDriver } from './cuda-driver.js';
import { SimulatedGpuDriver } from './simulated-driver.js';

/** `gpu-memory-pressure`: the reference service's simulated VRAM, or real CUDA memory (`mode: 'cuda'`). */
export class GpuMemoryPressureDriver implements FaultDriver<GpuMemoryPressureFault> {
  readonly kinds = ['gpu-memory-pressure'] as const;
  private readonly simulated = new SimulatedGpuDriver();
  private readonly cuda = new CudaGpuDriver();

  describe(fault: GpuMemoryPressureFault): string {
    return fault.mode === 'cuda' ? this.cuda.describe(fault) : this.simulated.describe(fault);
  }

  apply(fault: GpuMemoryPressureFault, environment: FaultEnvironment): Promise<FaultLease> {
    return fault.mode === 'cuda' ? this.cuda.apply(fault) : this.simulated.apply(fault, environment);
  }

  revert(lease: FaultLease): Promise<RevertOutcome> {
    return lease.revert.mode === 'cuda' ? this.cuda.revert(lease) : this.simulated.revert(lease);
  }
}
