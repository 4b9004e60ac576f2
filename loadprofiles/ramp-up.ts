import type { ProfileInput } from 'greenlight';

export const description = 'from 0 up to a target rate, then holds it (default 100 rps over 30s)';

/** A linear warm-up: finds the rate at which latency starts to climb. */
export default function rampUp(options: { to?: number; over?: string } = {}): ProfileInput {
  return { kind: 'ramp', startRate: 0, stages: [{ target: options.to ?? 100, duration: options.over ?? '30s' }] };
}
