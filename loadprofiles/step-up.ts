import type { ProfileInput } from 'greenlight';

export const description = 'rate doubling in steps (default 25, 50, 100 rps, 20s each, then holds 100)';

/** Capacity steps: each level holds long enough for queues to settle before the next. */
export default function stepUp(options: { rates?: number[]; each?: string } = {}): ProfileInput {
  const each = options.each ?? '20s';
  return { kind: 'step', steps: (options.rates ?? [25, 50, 100]).map((rate) => ({ rate, duration: each })) };
}
