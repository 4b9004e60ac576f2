import { presetTiming, type FaultInput, type FaultTiming } from 'greenlight';

export const description = 'half-open connections: a colour accepts connections but no byte comes back';

/**
 * The timeout toxic with timeout 0: data is swallowed and the connection held open until the
 * fault is reverted, so clients wait for their own timeouts.
 */
export default function halfOpenConnections(
  options: FaultTiming & { target?: 'blue' | 'green'; share?: number } = {},
): FaultInput {
  const { target = 'green', share = 1, name = `${target}-half-open`, ...timing } = options;
  return {
    ...presetTiming(timing),
    name,
    kind: 'timeout',
    target,
    direction: 'downstream',
    toxicity: share,
    timeout: 0,
  };
}
