import { EnvironmentError } from '../../errors.js';
import type { CudaDriver } from './cuda.js';

export interface GpuHoldRequest {
  device: number;
  gib?: number;
  percent?: number;
}

export interface GpuHold {
  device: number;
  heldMiB: number;
  totalMiB: number;
  release(): void;
}

const MiB = 1024 * 1024;
/** Allocated in slices, so a share close to the whole GPU is not refused for want of one contiguous block. */
const SLICE_BYTES = 256 * MiB;

/** Allocates and touches the asked amount of one GPU's memory and holds it until `release()`. */
export function holdGpuMemory(cuda: CudaDriver, request: GpuHoldRequest): GpuHold {
  const totalBytes = cuda.deviceTotalBytes(request.device);
  const wanted = request.percent !== undefined ? (totalBytes * request.percent) / 100 : (request.gib ?? 0) * 1024 * MiB;
  const bytes = Math.floor(wanted / MiB) * MiB;
  if (bytes <= 0 || bytes > totalBytes) {
    throw new EnvironmentError(
      `GPU ${request.device} has ${Math.round(totalBytes / MiB)} MiB; cannot hold ${Math.round(wanted / MiB)} MiB`,
    );
  }
  cuda.openContext(request.device);
  const pointers: (number | bigint)[] = [];
  const release = (): void => {
    for (const pointer of pointers.splice(0)) cuda.free(pointer);
    cuda.closeContext();
  };
  try {
    for (let left = bytes; left > 0; left -= SLICE_BYTES)
      pointers.push(cuda.allocateAndTouch(Math.min(SLICE_BYTES, left)));
  } catch (error) {
    release();
    throw error;
  }
  return { device: request.device, heldMiB: bytes / MiB, totalMiB: Math.round(totalBytes / MiB), release };
}
