import type { LibraryHandle } from 'koffi';
import { EnvironmentError, errorMessage } from '../../errors.js';

type DevicePointer = number | bigint;

/** The few CUDA driver API calls the GPU memory helper needs, bound with koffi to libcuda.so.1. */
export interface CudaDriver {
  deviceTotalBytes(device: number): number;
  /** Creates a context on the device; everything allocated later lives in it. */
  openContext(device: number): void;
  /** Allocates and writes every byte, so the memory is really committed, not just reserved. */
  allocateAndTouch(bytes: number): DevicePointer;
  free(pointer: DevicePointer): void;
  closeContext(): void;
}

const LIBRARY = 'libcuda.so.1';

/** Loads the NVIDIA driver library and initialises CUDA; exit 3 with a clear message when there is none. */
export async function loadCuda(): Promise<CudaDriver> {
  let lib: LibraryHandle;
  try {
    // Loaded on demand: koffi is a native addon, and only real GPU pressure needs it.
    const { default: koffi } = await import('koffi');
    lib = koffi.load(LIBRARY);
  } catch (error) {
    throw new EnvironmentError(
      `real GPU memory pressure needs the NVIDIA driver, but ${LIBRARY} cannot be loaded (${errorMessage(error)}); run it on a host with an NVIDIA GPU and driver, or use mode: 'simulated'`,
      { cause: error },
    );
  }
  const cuInit = lib.func('int cuInit(unsigned int flags)');
  const cuGetErrorString = lib.func('int cuGetErrorString(int error, _Out_ const char **text)');
  const cuDeviceGet = lib.func('int cuDeviceGet(_Out_ int *device, int ordinal)');
  const cuDeviceTotalMem = lib.func('int cuDeviceTotalMem_v2(_Out_ size_t *bytes, int device)');
  const cuCtxCreate = lib.func('int cuCtxCreate_v2(_Out_ void **context, unsigned int flags, int device)');
  const cuCtxDestroy = lib.func('int cuCtxDestroy_v2(void *context)');
  const cuMemAlloc = lib.func('int cuMemAlloc_v2(_Out_ uint64_t *pointer, size_t bytes)');
  const cuMemsetD8 = lib.func('int cuMemsetD8_v2(uint64_t pointer, uint8_t value, size_t count)');
  const cuMemFree = lib.func('int cuMemFree_v2(uint64_t pointer)');

  const check = (call: string, status: number): void => {
    if (status === 0) return;
    const text: [string | null] = [null];
    cuGetErrorString(status, text);
    throw new EnvironmentError(`CUDA ${call} failed: ${text[0] ?? `error ${status}`}`);
  };
  const deviceHandle = (ordinal: number): number => {
    const device = [0];
    check(`cuDeviceGet(${ordinal})`, cuDeviceGet(device, ordinal) as number);
    return device[0] ?? 0;
  };

  check('cuInit', cuInit(0) as number);
  let context: unknown = null;
  return {
    deviceTotalBytes(device) {
      const bytes = [0];
      check('cuDeviceTotalMem', cuDeviceTotalMem(bytes, deviceHandle(device)) as number);
      return Number(bytes[0]);
    },
    openContext(device) {
      const out: [unknown] = [null];
      check('cuCtxCreate', cuCtxCreate(out, 0, deviceHandle(device)) as number);
      context = out[0];
    },
    allocateAndTouch(bytes) {
      const pointer: [DevicePointer] = [0];
      check(`cuMemAlloc(${bytes} bytes)`, cuMemAlloc(pointer, bytes) as number);
      check('cuMemsetD8', cuMemsetD8(pointer[0], 0xa5, bytes) as number);
      return pointer[0];
    },
    free(pointer) {
      check('cuMemFree', cuMemFree(pointer) as number);
    },
    closeContext() {
      if (context === null) return;
      check('cuCtxDestroy', cuCtxDestroy(context) as number);
      context = null;
    },
  };
}
