import type { ProfileInput } from 'greenlight';

export const description = 'base rate, a burst to a peak, back to base (default 20 → 200 rps after 10s, 10s at peak)';

/** A traffic burst: does the service queue, shed or fall over, and does it recover? */
export default function spike(
  options: { baseRate?: number; peakRate?: number; before?: string; rise?: string; hold?: string; fall?: string } = {},
): ProfileInput {
  return {
    kind: 'spike',
    baseRate: options.baseRate ?? 20,
    peakRate: options.peakRate ?? 200,
    before: options.before ?? '10s',
    rise: options.rise ?? '2s',
    hold: options.hold ?? '10s',
    fall: options.fall ?? '2s',
  };
}
