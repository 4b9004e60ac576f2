import type { ProfileInput } from 'greenlight';

export const description =
  'a day compressed into a sine wave, starting at the night trough (default 100 ± 80 rps, period 10m)';

/** Daily traffic in minutes: a slow climb to the peak and back, starting at the quietest hour. */
export default function diurnalSine(
  options: { baseRate?: number; amplitude?: number; period?: string } = {},
): ProfileInput {
  return {
    kind: 'sine',
    baseRate: options.baseRate ?? 100,
    amplitude: options.amplitude ?? 80,
    period: options.period ?? '10m',
    phase: -90,
  };
}
