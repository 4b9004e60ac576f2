import type { ProfileInput } from 'greenlight';

export const description = 'a constant arrival rate (default 50 rps)';

/** The same rate all the time: the baseline to compare everything else with. */
export default function steady(options: { rate?: number } = {}): ProfileInput {
  return { kind: 'constant', rate: options.rate ?? 50 };
}
