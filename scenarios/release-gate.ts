import { defineExperiment } from 'greenlight';

/**
 * The release gate: blue runs the current release, green the candidate; the router splits a
 * steady streaming load 50/50 with its rollback controller off. After a short warm-up, green is
 * compared with blue: latency (Mann-Whitney U, green may be up to 5 % slower), TTFT (up to
 * 10 %), error rate (two-proportion z-test, up to 1 point higher), at 95 % confidence, plus the SLOs.
 * `greenlight gate scenarios/release-gate.ts` exits 0 only when green is at least as good.
 * Try a regression: give green `decodeSlowdown: 1.2` and the gate fails on latency.
 */
export default defineExperiment({
  name: 'release-gate',
  description: 'candidate (green) against baseline (blue) under the same 50/50 streaming load',
  seed: 7,
  target: {
    kind: 'embedded',
    blue: {},
    green: {},
    router: { weights: { blue: 50, green: 50 }, controller: { enabled: false } },
  },
  load: {
    profile: { kind: 'constant', rate: 24 },
    workload: {
      mix: [
        { weight: 1, request: { kind: 'chat', stream: true, promptTokens: { uniform: [200, 400] }, maxTokens: 64 } },
      ],
    },
  },
  phases: [
    { name: 'warm-up', duration: '3s' },
    { name: 'compare', duration: '15s' },
  ],
  // TTFT here is tens of milliseconds, where a shared host's scheduling noise between the two
  // service processes is a few: a 10 % margin keeps an equal green from failing on that noise.
  gate: {
    phase: 'compare',
    confidence: 0.95,
    latencyMargin: 0.05,
    ttftMargin: 0.1,
    errorRateMargin: 0.01,
    minRequests: 100,
  },
  slos: [
    { name: 'green errors', colour: 'green', phase: 'compare', metric: 'error-rate', below: 0.01 },
    { name: 'green first token', colour: 'green', phase: 'compare', metric: 'ttft', percentile: 95, below: 500 },
    { name: 'no arrival dropped', metric: 'dropped', below: 1 },
  ],
});
