import type { Options, Scenario } from 'k6/options';
import type { LoadSpec } from '../../../experiment/load-schema.js';
import type { Slo } from '../../../experiment/slo-schema.js';
import { profileStages, type RateStages } from './rate-stages.js';
import { compileThresholds, type SkippedSlo } from './thresholds.js';

export const K6_SCENARIO = 'greenlight';

export interface K6Options {
  options: Options;
  /** The profile as stages, with their recorded error; absent for a closed model (concurrency). */
  stages: RateStages | undefined;
  skippedSlos: SkippedSlo[];
}

/**
 * k6 options for one run. An open-model profile becomes one `ramping-arrival-rate` scenario;
 * each VU runs one request at a time, so maxVUs is the in-flight cap: the peak rate times the
 * request timeout (no request outlives it), but never above load.maxInFlight, as in the native
 * engine. An arrival that finds no free VU is dropped and counted in dropped_iterations. A
 * closed model (`concurrency`) becomes `constant-vus`.
 */
export function buildK6Options(load: LoadSpec, durationMs: number, slos: readonly Slo[]): K6Options {
  const { thresholds, skipped } = compileThresholds(slos);
  const gracefulStop = `${load.timeout}ms`;
  let scenario: Scenario;
  let stages: RateStages | undefined;
  if (load.profile) {
    stages = profileStages(load.profile, durationMs);
    const maxVUs = Math.min(load.maxInFlight, Math.max(1, Math.ceil((stages.peakRps * load.timeout) / 1000)));
    scenario = {
      executor: 'ramping-arrival-rate',
      startRate: stages.startRate,
      timeUnit: stages.timeUnit,
      stages: stages.stages,
      preAllocatedVUs: Math.min(maxVUs, Math.max(1, Math.ceil(stages.peakRps))),
      maxVUs,
      gracefulStop,
    };
  } else {
    scenario = { executor: 'constant-vus', vus: load.concurrency ?? 1, duration: `${durationMs}ms`, gracefulStop };
  }
  return {
    options: {
      scenarios: { [K6_SCENARIO]: scenario },
      thresholds,
      summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
    },
    stages,
    skippedSlos: skipped,
  };
}
