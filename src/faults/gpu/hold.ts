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

/** The line `greenlight gpu hold` prints once the memory is allocated and touched; its starters wait for it. */
export function holdingLine(hold: GpuHold, pid: number): string {
  return `greenlight gpu hold: holding ${hold.heldMiB} MiB on GPU ${hold.device} of ${hold.totalMiB} MiB (pid ${pid})`;
}

/** Reads the MiB held from a holding line; undefined for any other text. */
export function heldMiBFrom(text: string): number | undefined {
  const match = /greenlight gpu hold: holding (\d+) MiB on GPU \d+/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** The `gpu hold` arguments after the device: --gib G or --percent P. */
export function holdAmountArgs(request: GpuHoldRequest): string[] {
  return request.percent !== undefined ? ['--percent', String(request.percent)] : ['--gib', String(request.gib)];
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
