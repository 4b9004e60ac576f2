import { defineExperiment } from 'greenlight';

/**
 * A benign fault: green's network gets 40 ms slower for a while, well inside what users accept.
 * The rollback rules must not fire (no switch, verdict pass): a rollback here would be a false
 * positive that throws away a healthy release. To see one, tune the controller too tightly —
 * `target.router.controller.rules: [{ colour: 'green', metric: 'latency', above: 300, window: '5s' }]`
 * — and the run fails with the rule judged a false positive.
 */
export default defineExperiment({
  name: 'benign-latency',
  description: 'green gets 40 ms of extra network latency; no rollback expected',
  seed: 11,
  target: {
    kind: 'embedded',
    router: { weights: { blue: 50, green: 50 } },
  },
  load: {
    profile: { kind: 'constant', rate: 20 },
    workload: {
      mix: [
        {
          weight: 1,
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
    { name: 'baseline', duration: '5s' },
    { name: 'fault', duration: '12s' },
    { name: 'recovery', duration: '5s' },
  ],
  faults: [{ name: 'green-latency', kind: 'latency', target: 'green', during: 'fault', latency: 40, jitter: 10 }],
  slos: [
    { name: 'green errors', colour: 'green', metric: 'error-rate', below: 0.01 },
    {
      name: 'green latency under the fault',
      colour: 'green',
      phase: 'fault',
      metric: 'latency',
      percentile: 99,
      below: 2000,
    },
    { name: 'green available', colour: 'green', metric: 'availability', above: 0.99 },
    { name: 'no arrival dropped', metric: 'dropped', below: 1 },
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
        switchTo: 'blue',
        within: '15s',
      },
      {
        name: 'green slow',
        colour: 'green',
        metric: 'latency',
        percentile: 99,
        above: 2000,
        window: '10s',
        minRequests: 20,
        switchTo: 'blue',
        within: '15s',
      },
    ],
  },
});
