import { defineExperiment } from 'greenlight';

/**
 * A recorded chat trace replayed request by request: each request at its recorded offset with
 * its recorded prompt and output lengths (the sample in loadprofiles/traces is generated, not
 * real traffic). Three minutes of recording play in one (speedup 3) at the recorded rate
 * (scale 1/3 keeps every third request). Green's GPU memory is squeezed half-way; the
 * controller must move traffic to blue before users notice.
 */
export default defineExperiment({
  name: 'trace-replay',
  description:
    'a recorded chat trace replayed at its offsets and token counts; green loses GPU memory, the controller must roll back',
  seed: 7,
  target: {
    kind: 'embedded',
    router: { weights: { blue: 50, green: 50 } },
  },
  load: {
    profile: { kind: 'trace', file: '../loadprofiles/traces/azure-style-chat.csv', speedup: 3, scale: 1 / 3 },
    workload: { mix: [{ request: { kind: 'chat', stream: true } }] },
  },
  phases: [
    { name: 'baseline', duration: '20s' },
    { name: 'fault', duration: '25s' },
    { name: 'recovery', duration: '15s' },
  ],
  faults: [{ name: 'green-gpu-pressure', kind: 'gpu-memory-pressure', target: 'green', during: 'fault', gib: 9.75 }],
  slos: [
    { name: 'blue stays healthy', colour: 'blue', metric: 'error-rate', below: 0.01 },
    { name: 'green healthy before the fault', colour: 'green', phase: 'baseline', metric: 'error-rate', below: 0.01 },
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
});
