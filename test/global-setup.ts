import { prepareTests } from '../scripts/test-setup.mjs';

/** Builds what the suites need, unless `npm test` (scripts/test-ci.mjs) did it once for both projects. */
export default function setup(): void {
  if (process.env['GREENLIGHT_TEST_PREPARED'] !== '1') prepareTests();
}
