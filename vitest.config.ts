import { defineConfig } from 'vitest/config';

/**
 * Suites that use the Docker Engine share it (the chaos stack's fixed loopback ports, leftover
 * audits by label, the user stack's containers), so they run one file at a time. `npm test`
 * (scripts/test-ci.mjs) runs this project and the rest side by side, in two vitest processes.
 */
const ONE_AT_A_TIME = [
  'test/faults/docker/**/*.test.ts',
  'test/faults/gpu/cuda.test.ts',
  'test/faults/gpu/sidecar.test.ts',
  'test/targets/compose/**/*.test.ts',
  'test/targets/external/**/*.test.ts',
  'test/targets/router-cost.test.ts',
  'test/targets/routers/observers.test.ts',
  'test/targets/user-stack.test.ts',
];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'docker', include: ONE_AT_A_TIME, fileParallelism: false } },
      { extends: true, test: { name: 'rest', include: ['test/**/*.test.ts'], exclude: ONE_AT_A_TIME } },
    ],
  },
});
