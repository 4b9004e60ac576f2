import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Tests that start the CLI as a child process need dist/ built from the current sources.
 * Under CI a failed build fails the run; on a developer machine it is reported and the suites
 * that need dist/ fail on their own, so work on one module is not blocked by another.
 */
export default function setup(): void {
  try {
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'pipe' });
  } catch (error) {
    const output = String((error as { stderr?: Buffer }).stderr ?? error);
    if (process.env.CI) throw new Error(`build failed:\n${output}`);
    process.stderr.write(`warning: dist/ build failed; suites that start the CLI will fail:\n${output}\n`);
  }
  buildReferenceImage();
}

/**
 * The Docker suites run the reference service image; it is rebuilt only when its contents
 * changed (scripts/build-image.mjs compares a content hash). Without a Docker socket there is
 * nothing to build and those suites skip themselves (under CI they fail).
 */
function buildReferenceImage(): void {
  if (!process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock')) return;
  try {
    execFileSync(process.execPath, ['scripts/build-image.mjs'], { stdio: 'pipe' });
  } catch (error) {
    const output = String((error as { stderr?: Buffer }).stderr ?? error);
    if (process.env.CI) throw new Error(`reference image build failed:\n${output}`);
    process.stderr.write(`warning: reference image build failed; the Docker suites will fail:\n${output}\n`);
  }
}
