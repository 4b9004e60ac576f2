import type { Options, Scenario } from 'k6/options';
import type { LoadSpec } from '../../../experiment/load-schema.js';
import type { Slo } from '../../../experiment/slo-schema.js';
import { profileStages, type RateStages } from './rate-stages.js';
import { compileThresholds, type SkippedSlo } from './thresholds.js';

export const K6_SCENARIO = 'greenlight';
/** The expected request latency when the experiment states none (load.expectedLatency). */
export const DEFAULT_EXPECTED_LATENCY_MS = 2_000;

export interface K6Options {
  options: Options;
  /** The profile as stages, with their recorded error; absent for a closed model (concurrency). */
  stages: RateStages | undefined;
  skippedSlos: SkippedSlo[];
}

/**
 * k6 options for one run. An open-model profile becomes one `ramping-arrival-rate` scenario. A
 * VU runs one request at a time, so by Little's law the VUs busy at once are the rate times the
 * latency: preAllocatedVUs is the peak rate times the expected latency (load.expectedLatency,
 * else the goodput e2e objective, else 2 s), and maxVUs, the in-flight cap, the peak rate times
 * the request timeout (no request outlives it) but never above load.maxInFlight, as in the
 * native engine. An arrival that finds no free VU is dropped and counted in dropped_iterations.
 * A closed model (`concurrency`) becomes `constant-vus`.
 */
export function buildK6Options(load: LoadSpec, durationMs: number, slos: readonly Slo[]): K6Options {
  const { thresholds, skipped } = compileThresholds(slos);
  const gracefulStop = `${load.timeout}ms`;
  let scenario: Scenario;
  let stages: RateStages | undefined;
  if (load.profile) {
    stages = profileStages(load.profile, durationMs);
    scenario = {
      executor: 'ramping-arrival-rate',
      startRate: stages.startRate,
      timeUnit: stages.timeUnit,
      stages: stages.stages,
      ...vuSizing(load, stages.peakRps),
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

/** VUs for an arrival rate that peaks at `peakRps`: pre-allocated for the expected latency, at most the in-flight cap. */
export function vuSizing(load: LoadSpec, peakRps: number): { preAllocatedVUs: number; maxVUs: number } {
  const expectedMs = load.expectedLatency ?? load.goodput?.e2e ?? DEFAULT_EXPECTED_LATENCY_MS;
  const vusFor = (latencyMs: number): number => Math.max(1, Math.ceil((peakRps * latencyMs) / 1000));
  const maxVUs = Math.min(load.maxInFlight, vusFor(load.timeout));
  return { preAllocatedVUs: Math.min(maxVUs, vusFor(expectedMs)), maxVUs };
}
