import { defineExperiment } from 'greenlight';

/**
 * The quick start: green (the new release) takes half the traffic under a ramping streaming
 * chat load; then a neighbour grabs most of green's free GPU memory and its network slows down.
 * Green starts failing with out-of-memory errors, its error rate crosses the rollback trigger,
 * and the router's controller must send all traffic back to blue within 15 seconds.
 */
export default defineExperiment({
  name: 'quickstart',
  description: 'green hit by GPU memory pressure and latency; the controller must roll back to blue',
  seed: 42,
  target: {
    kind: 'embedded',
    router: { weights: { blue: 50, green: 50 } },
  },
  load: {
    profile: { kind: 'ramp', startRate: 8, stages: [{ target: 30, duration: '15s' }] },
    workload: {
      mix: [
        {
          weight: 4,
          request: {
            kind: 'chat',
            stream: true,
            promptTokens: { uniform: [200, 600] },
            maxTokens: { uniform: [32, 96] },
          },
        },
        {
          weight: 1,
          request: {
            kind: 'ollama-chat',
            stream: true,
            promptTokens: { uniform: [200, 600] },
            maxTokens: { uniform: [32, 96] },
          },
        },
      ],
    },
  },
  phases: [
    { name: 'baseline', duration: '10s' },
    { name: 'fault', duration: '20s' },
    { name: 'recovery', duration: '10s' },
  ],
  faults: [
    { name: 'green-gpu-pressure', kind: 'gpu-memory-pressure', target: 'green', during: 'fault', gib: 9.75 },
    { name: 'green-latency', kind: 'latency', target: 'green', during: 'fault', latency: 150, jitter: 30 },
  ],
  slos: [
    { name: 'blue stays healthy', colour: 'blue', metric: 'error-rate', below: 0.01 },
    { name: 'blue first token', colour: 'blue', metric: 'ttft', percentile: 95, below: 1000 },
    { name: 'green healthy before the fault', colour: 'green', phase: 'baseline', metric: 'error-rate', below: 0.01 },
    { name: 'users recover after rollback', phase: 'recovery', metric: 'error-rate', below: 0.01 },
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
    ],
  },
  halt: [{ name: 'blue collapses', colour: 'blue', metric: 'error-rate', above: 0.5, window: '5s' }],
});
