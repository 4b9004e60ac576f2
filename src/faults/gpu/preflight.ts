import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { EnvironmentError, errorMessage } from '../../errors.js';
import type { FaultSpec } from '../../experiment/faults-schema.js';
import { loadCuda } from './cuda.js';

/**
 * Before a run starts: an experiment that asks for real GPU memory pressure needs nvidia-smi
 * and the CUDA driver library on this host, and the device it names.
 */
export async function preflightGpuFaults(faults: readonly FaultSpec[]): Promise<void> {
  const cudaFaults = faults.filter((fault) => fault.kind === 'gpu-memory-pressure' && fault.mode === 'cuda');
  if (cudaFaults.length === 0) return;
  const names = cudaFaults.map((fault) => `"${fault.name}"`).join(', ');
  try {
    await promisify(execFile)('nvidia-smi', ['-L'], { timeout: 10_000 });
  } catch (error) {
    throw new EnvironmentError(
      `fault ${names} asks for real GPU memory pressure (mode: 'cuda'), but nvidia-smi does not work on this host (${errorMessage(error)}): no NVIDIA driver. Run it on an NVIDIA GPU host, or use mode: 'simulated'`,
      { cause: error },
    );
  }
  const cuda = await loadCuda();
  for (const fault of cudaFaults) {
    if (fault.kind === 'gpu-memory-pressure') cuda.deviceTotalBytes(fault.device);
  }
}
