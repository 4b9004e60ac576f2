import { execFileSync } from 'node:child_process';

/** Tests that start the CLI as a child process need dist/ built from the current sources. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
