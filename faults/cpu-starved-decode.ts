import { presetTiming, type FaultInput, type FaultTiming } from 'greenlight';

export const description =
  "a colour's container gets a sliver of a CPU: decode slows, inter-token latency and TTFT grow";

/** Squeezes the CPU quota of a colour's container (default 0.05 cores); revert puts the old quota back. */
export default function cpuStarvedDecode(options: FaultTiming & { target?: string; cpus?: number } = {}): FaultInput {
  const { target = 'green', cpus = 0.05, name = `${target}-cpu-starved`, ...timing } = options;
  return { ...presetTiming(timing), name, kind: 'container-resources', target, cpus };
}
