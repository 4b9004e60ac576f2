import { gateSchema } from '../experiment/gate-schema.js';
import type { ComparisonTolerances } from './comparison.js';

const GATE_DEFAULTS = gateSchema.parse({});

/**
 * What "reproduced" allows (docs/incidents.md): verdicts, rule verdicts, SLO pass/fail, the
 * order and kind of fault steps and router switches, and the planned arrival timeline must be
 * the same. Times may move: a condition is judged on 1-second buckets (so its moment can shift
 * by a bucket either way) and a controller acts on its own interval, hence two seconds for
 * condition, switch and detection times; a fault step happens when its driver has applied it,
 * a fraction of a second after its seeded moment, hence one second. The statistics use the
 * release gate's confidence and margins.
 */
export const DEFAULT_TOLERANCES: ComparisonTolerances = {
  timingSeconds: 2,
  faultSeconds: 1,
  confidence: GATE_DEFAULTS.confidence,
  latencyMargin: GATE_DEFAULTS.latencyMargin,
  ttftMargin: GATE_DEFAULTS.ttftMargin,
  errorRateMargin: GATE_DEFAULTS.errorRateMargin,
  minSamples: 20,
};
