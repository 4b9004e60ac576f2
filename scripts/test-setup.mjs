import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * What the test suites need built before they start: dist/ (tests that start the CLI as a child
 * process) and the reference service image (the Docker suites; rebuilt only when its contents
 * changed, as scripts/build-image.mjs compares a content hash). Under CI a failed build throws;
 * on a developer machine it is reported and the suites that need it fail on their own, so work
 * on one module is not blocked by another. Without a Docker socket there is no image to build.
 */
export function prepareTests() {
  build(['scripts/build.mjs'], 'dist/ build', 'suites that start the CLI');
  if (process.env.DOCKER_HOST || existsSync('/var/run/docker.sock')) {
    build(['scripts/build-image.mjs'], 'reference image build', 'the Docker suites');
  }
}

function build(args, what, affected) {
  try {
    execFileSync(process.execPath, args, { stdio: 'pipe' });
  } catch (error) {
    const output = String(error?.stderr ?? error);
    if (process.env.CI) throw new Error(`${what} failed:\n${output}`);
    process.stderr.write(`warning: ${what} failed; ${affected} will fail:\n${output}\n`);
  }
}
