import { defineExperiment } from 'greenlight';

/**
 * A staged canary: green starts with 10 % of the traffic and the router promotes it to 25, 50
 * and 100 % every 8 seconds. While green holds half the traffic a neighbour grabs most of its
 * GPU memory; its error rate crosses the rollback rule, the controller sends all traffic back to
 * blue, and the promotion must stop there: greenlight checks each stage was reached on schedule,
 * that the rule fired in time, and that no stage came after the rollback.
 */
export default defineExperiment({
  name: 'canary-stages',
  description: 'staged canary promotion of green (10/25/50/100 %) halted by a rollback when green starts failing',
  seed: 7,
  target: { kind: 'embedded' },
  canary: { stages: [10, 25, 50, 100], every: '8s' },
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
    { name: 'green-10', duration: '8s' },
    { name: 'green-25', duration: '8s' },
    { name: 'green-50', duration: '8s' },
    { name: 'after', duration: '10s' },
  ],
  faults: [
    { name: 'green-gpu-pressure', kind: 'gpu-memory-pressure', target: 'green', at: '18s', for: '10s', gib: 9.75 },
  ],
  slos: [
    { name: 'blue stays healthy', colour: 'blue', metric: 'error-rate', below: 0.01 },
    { name: 'users recover after rollback', phase: 'after', metric: 'error-rate', below: 0.02 },
  ],
  rollback: {
    rules: [
      {
        name: 'green errors',
        colour: 'green',
        metric: 'error-rate',
        above: 0.05,
        window: '5s',
        minRequests: 10,
        switchTo: 'blue',
        within: '10s',
      },
    ],
  },
});
