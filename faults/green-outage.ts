import { presetTiming, type FaultInput, type FaultTiming } from 'greenlight';

export const description = 'full outage of green: its proxy is disabled, connections close and new ones are refused';

/** The outage fault on green's proxy; reverting enables the proxy again. */
export default function greenOutage(options: FaultTiming = {}): FaultInput {
  const { name = 'green-outage', ...timing } = options;
  return { ...presetTiming(timing), name, kind: 'outage', target: 'green' };
}
