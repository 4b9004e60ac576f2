import type { Profile } from '../../experiment/load-schema.js';
import { traceSchedule } from '../profiles/trace-schedule.js';

/** The token counts one arrival of a trace asks for. */
export interface RequestShape {
  promptTokens: number;
  maxTokens: number;
}

/**
 * For a trace profile, the recorded token counts of arrival `index` (0-based, in arrival order,
 * dropped arrivals included), so any slice of the arrivals can be sent on its own; undefined
 * for every other profile, whose workload draws its own counts.
 */
export function arrivalRequestShapes(profile: Profile): ((index: number) => RequestShape | undefined) | undefined {
  if (profile.kind !== 'trace') return undefined;
  const schedule = traceSchedule(profile);
  return (index) =>
    index < schedule.offsetsMs.length
      ? { promptTokens: schedule.promptTokens[index] as number, maxTokens: schedule.maxTokens[index] as number }
      : undefined;
}
