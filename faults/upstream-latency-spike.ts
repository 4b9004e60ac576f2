import { presetTiming, type FaultInput, type FaultTiming } from 'greenlight';

export const description = 'the model server answers slowly: +latency ms (±jitter) on every response of a colour';

/** Latency on the responses (downstream) of the colour's proxy: every chunk, TTFT included, arrives later. */
export default function upstreamLatencySpike(
  options: FaultTiming & { target?: 'blue' | 'green'; latency?: number; jitter?: number } = {},
): FaultInput {
  const { target = 'green', latency = 500, jitter = 100, name = `${target}-latency-spike`, ...timing } = options;
  return { ...presetTiming(timing), name, kind: 'latency', target, direction: 'downstream', latency, jitter };
}
