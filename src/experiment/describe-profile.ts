import { formatDuration } from '../util/format.js';
import type { Profile } from './load-schema.js';

/** One line per profile, e.g. "sine 150 ± 100 rps, period 10s". */
export function describeProfile(profile: Profile): string {
  switch (profile.kind) {
    case 'constant':
      return `constant ${profile.rate} rps`;
    case 'ramp': {
      const stages = profile.stages.map((stage) => `${stage.target} rps over ${formatDuration(stage.duration)}`);
      return `ramp from ${profile.startRate} rps: ${stages.join(', then ')}`;
    }
    case 'spike':
      return (
        `spike ${profile.baseRate} → ${profile.peakRate} rps after ${formatDuration(profile.before)}: ` +
        `rise ${formatDuration(profile.rise)}, hold ${formatDuration(profile.hold)}, fall ${formatDuration(profile.fall)}`
      );
    case 'sine':
      return `sine ${profile.baseRate} ± ${profile.amplitude} rps, period ${formatDuration(profile.period)}, phase ${profile.phase}°`;
    case 'step':
      return `step ${profile.steps.map((step) => `${step.rate} rps for ${formatDuration(step.duration)}`).join(', ')}`;
    case 'sequence':
      return `sequence: ${profile.parts.map((part) => `${describeProfile(part.profile)} for ${formatDuration(part.duration)}`).join('; then ')}`;
    case 'sum':
      return `sum of ${profile.profiles.map(describeProfile).join(' + ')}`;
    case 'series':
      return `recorded series${profile.file ? ` ${profile.file}` : profile.prometheus ? ' from Prometheus' : ''}, ${profile.points?.length ?? '?'} points${scaling(profile)}`;
    case 'trace':
      return `trace${profile.file ? ` ${profile.file}` : ''}, ${profile.requests?.length ?? '?'} requests${scaling(profile)}`;
  }
}

function scaling(profile: { speedup: number; scale: number }): string {
  const parts = [
    ...(profile.speedup === 1 ? [] : [`${Number(profile.speedup.toPrecision(3))}× faster`]),
    ...(profile.scale === 1 ? [] : [`rate × ${Number(profile.scale.toPrecision(3))}`]),
  ];
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}
