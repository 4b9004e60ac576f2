import { defineExperiment } from 'greenlight';

/**
 * The quick start's incident with the team's own rollback triggers back-tested on it: an Argo
 * AnalysisTemplate, a Flagger Canary analysis and Prometheus alerting rules (triggers/), each
 * replayed against the run's Prometheus on its own schedule and judged against the greenlight
 * rule it is meant to match (docs/triggers.md). Without prometheus.url or PROMETHEUS_URL,
 * greenlight starts a Prometheus of its own (Debian's `prometheus`) that scrapes the stack.
 */
export default defineExperiment({
  name: 'own-triggers',
  description: "the quick start's incident, with the team's Argo, Flagger and alert-rule triggers back-tested on it",
  seed: 42,
  target: { kind: 'embedded', router: { weights: { blue: 50, green: 50 } } },
  load: {
    profile: { kind: 'ramp', startRate: 8, stages: [{ target: 30, duration: '15s' }] },
    workload: {
      mix: [
        {
          request: {
            kind: 'chat',
            stream: true,
            promptTokens: { uniform: [200, 600] },
            maxTokens: { uniform: [32, 96] },
          },
        },
      ],
    },
  },
  phases: [
    { name: 'baseline', duration: '15s' },
    { name: 'fault', duration: '40s' },
    { name: 'recovery', duration: '10s' },
  ],
  faults: [
    { name: 'green-gpu-pressure', kind: 'gpu-memory-pressure', target: 'green', during: 'fault', gib: 9.75 },
    { name: 'green-latency', kind: 'latency', target: 'green', during: 'fault', latency: 150, jitter: 30 },
  ],
  slos: [
    { name: 'blue stays healthy', colour: 'blue', metric: 'error-rate', below: 0.01 },
    { name: 'green healthy before the fault', colour: 'green', phase: 'baseline', metric: 'error-rate', below: 0.01 },
  ],
  rollback: {
    rules: [
      {
        name: 'green errors',
        colour: 'green',
        metric: 'error-rate',
        above: 0.05,
        window: '10s',
        minRequests: 20,
        // Flagger checks every 10s at best: no Flagger analysis can act on a breach in under 30s.
        within: '35s',
      },
    ],
  },
  prometheus: {},
  triggers: [
    { file: '../triggers/argo-analysis-template.yaml', expects: 'green errors' },
    { file: '../triggers/flagger-canary.yaml', expects: 'green errors' },
    { file: '../triggers/prometheus-rules.yaml', expects: 'green errors' },
  ],
});
