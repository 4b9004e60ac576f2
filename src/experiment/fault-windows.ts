import { Random } from '../util/random.js';
import type { FaultSpec, Ramp } from './faults-schema.js';
import { phaseSpan, runLengthMs } from './phase-plan.js';
import type { Phase } from './schema.js';

/** A change of a live fault at `at` (ms from the run start): the fault as it is from then on. */
export interface FaultStep {
  at: number;
  fault: FaultSpec;
}

export interface FaultWindow {
  /** The fault as applied when the window opens. */
  fault: FaultSpec;
  /** Offsets from the run start in milliseconds; `end` is capped at the run's end. */
  start: number;
  end: number;
  /** Updates while the window lasts (a ramp), in time order, all before `end`. */
  steps: FaultStep[];
}

/**
 * When each fault is live: `during` a phase, or `at` an offset `for` a while (default: to the
 * end); `repeat` opens the window again every `every`; `startJitter` delays each opening by a
 * draw from the seed, so the same seed gives the same timeline. Windows that would open after
 * the run are dropped.
 */
export function faultWindows(faults: readonly FaultSpec[], phases: readonly Phase[], seed: number): FaultWindow[] {
  const runMs = runLengthMs(phases);
  const random = new Random(seed);
  return faults.flatMap((fault) => {
    const phase = fault.during === undefined ? undefined : phaseSpan(phases, fault.during);
    const firstStart = phase ? phase.start : (fault.at ?? 0);
    const length = fault.for ?? (phase ? phase.end : runMs) - firstStart;
    const jitter = random.stream(`fault-start:${fault.name}`);
    const windows: FaultWindow[] = [];
    for (let i = 0; i < (fault.repeat?.times ?? 1); i++) {
      const delay = fault.startJitter ? jitter.int(0, fault.startJitter) : 0;
      const start = firstStart + i * (fault.repeat?.every ?? 0) + delay;
      if (start >= runMs) break;
      const end = Math.min(start + length, runMs);
      windows.push({ fault: rampStep(fault, 0), start, end, steps: rampSteps(fault, start, end) });
    }
    return windows;
  });
}

/** The attribute a ramp moves, per kind that has one. */
function rampOf(fault: FaultSpec): { ramp: Ramp; attribute: 'latency' | 'rate'; base: number } | undefined {
  if (fault.kind === 'latency' && fault.ramp) return { ramp: fault.ramp, attribute: 'latency', base: fault.latency };
  if (fault.kind === 'bandwidth' && fault.ramp) return { ramp: fault.ramp, attribute: 'rate', base: fault.rate };
  return undefined;
}

/** The fault at ramp step `index`: step 0 is the fault's own value, then `base + index·by` or `steps[index - 1]`. */
function rampStep(fault: FaultSpec, index: number): FaultSpec {
  const ramped = rampOf(fault);
  if (!ramped) return fault;
  const { ramp, attribute, base } = ramped;
  const value =
    index === 0
      ? base
      : ramp.steps
        ? (ramp.steps[Math.min(index, ramp.steps.length) - 1] ?? base)
        : Math.max(0, base + index * (ramp.by ?? 0));
  return { ...fault, [attribute]: value };
}

function rampSteps(fault: FaultSpec, start: number, end: number): FaultStep[] {
  const ramped = rampOf(fault);
  if (!ramped) return [];
  const last = ramped.ramp.steps ? ramped.ramp.steps.length : Infinity;
  const steps: FaultStep[] = [];
  for (let index = 1; index <= last && start + index * ramped.ramp.every < end; index++) {
    steps.push({ at: start + index * ramped.ramp.every, fault: rampStep(fault, index) });
  }
  return steps;
}
