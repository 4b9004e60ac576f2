import { presetTiming, type FaultInput, type FaultTiming } from 'greenlight';

export const description =
  "a neighbour takes most of a colour's GPU memory: KV cache shrinks, requests queue and fail with OOM";

/**
 * GPU memory pressure on a colour: `mode: 'simulated'` (default) on the reference service's
 * VRAM; `mode: 'cuda'` holds real memory of GPU `device` on this host (needs an NVIDIA driver),
 * from a helper process or, with `helper: 'sidecar'`, from a container with a GPU device request.
 */
export default function gpuOomPressure(
  options: FaultTiming & {
    target?: 'blue' | 'green';
    percent?: number;
    mode?: 'simulated' | 'cuda';
    device?: number;
    helper?: 'host' | 'sidecar';
  } = {},
): FaultInput {
  const {
    target = 'green',
    percent = 85,
    mode = 'simulated',
    device = 0,
    helper = 'host',
    name = `${target}-gpu-oom-pressure`,
    ...timing
  } = options;
  return { ...presetTiming(timing), name, kind: 'gpu-memory-pressure', target, mode, device, helper, percent };
}
