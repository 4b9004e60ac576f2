import type { FaultTiming } from './faults-schema.js';

/** A preset's timing: what the experiment gave, or from the run start when it gave neither `during` nor `at`. */
export function presetTiming(timing: FaultTiming): FaultTiming {
  return timing.during === undefined && timing.at === undefined ? { ...timing, at: 0 } : timing;
}
