import { presetTiming, type FaultInput, type FaultTiming } from 'greenlight';

export const description = 'a flaky network: 5 % of the connections to a colour are reset (ECONNRESET)';

/** reset_peer on a share of the connections (Toxiproxy decides per connection, by toxicity). */
export default function flakyNetwork(
  options: FaultTiming & { target?: 'blue' | 'green'; share?: number } = {},
): FaultInput {
  const { target = 'green', share = 0.05, name = `${target}-flaky-network`, ...timing } = options;
  return {
    ...presetTiming(timing),
    name,
    kind: 'reset-peer',
    target,
    direction: 'downstream',
    toxicity: share,
    timeout: 0,
  };
}
