import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { EnvironmentError } from '../errors.js';

const BUNDLES = ['chart.umd.min.js', 'chart.umd.js'];

let cached: string | undefined;

/**
 * The Chart.js UMD bundle, to be inlined so the report opens offline. Resolved through Node's
 * module resolution from this module, which works from src/ under vitest and from dist/cli.js.
 */
export function chartJsSource(): string {
  if (cached !== undefined) return cached;
  const folder = dirname(createRequire(import.meta.url).resolve('chart.js'));
  const bundle = BUNDLES.map((name) => join(folder, name)).find((path) => existsSync(path));
  if (bundle === undefined) {
    throw new EnvironmentError(`chart.js is installed at ${folder} but has none of ${BUNDLES.join(', ')}`);
  }
  cached = readFileSync(bundle, 'utf8');
  return cached;
}
