import type { FaultSpec } from './faults-schema.js';
import type { Phase } from './schema.js';

export interface FaultWindow {
  fault: FaultSpec;
  /** Offsets from the run start in milliseconds; `end` is capped at the run's end. */
  start: number;
  end: number;
}

/** When each fault is live: `during` a phase, or `at` an offset `for` a while (default: to the end). */
export function faultWindows(faults: readonly FaultSpec[], phases: readonly Phase[]): FaultWindow[] {
  const runMs = phases.reduce((sum, phase) => sum + phase.duration, 0);
  const phaseStart = new Map<string, { start: number; end: number }>();
  let offset = 0;
  for (const phase of phases) {
    phaseStart.set(phase.name, { start: offset, end: offset + phase.duration });
    offset += phase.duration;
  }
  return faults.map((fault) => {
    const phase = fault.during === undefined ? undefined : phaseStart.get(fault.during);
    const start = phase ? phase.start : (fault.at ?? 0);
    const end = fault.for !== undefined ? start + fault.for : phase ? phase.end : runMs;
    return { fault, start, end: Math.min(end, runMs) };
  });
}
