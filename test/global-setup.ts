import { execFileSync } from 'node:child_process';

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
}
