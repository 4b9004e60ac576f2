import { presetTiming, type FaultInput, type FaultTiming } from 'greenlight';

export const description = 'streamed answers crawl: responses of a colour paced to a few KB/s';

/** bandwidth on the responses: tokens still arrive, but inter-token latency and total time grow. */
export default function bandwidthStarvedStreaming(
  options: FaultTiming & { target?: 'blue' | 'green'; kilobytesPerSecond?: number } = {},
): FaultInput {
  const { target = 'green', kilobytesPerSecond = 2, name = `${target}-bandwidth-starved`, ...timing } = options;
  return {
    ...presetTiming(timing),
    name,
    kind: 'bandwidth',
    target,
    direction: 'downstream',
    rate: kilobytesPerSecond,
  };
}
