import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { EnvironmentError } from '../../../errors.js';

export const K6_INSTALL_HINT =
  'Install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/, e.g. `brew install k6`, the grafana/k6 ' +
  "Debian/RPM packages, or a release binary on PATH), or point K6_BINARY at it. greenlight's native engine " +
  '(--engine native, the default) needs nothing extra and measures streaming exactly.';

/**
 * The k6 executable: $K6_BINARY when set, else `k6` on PATH. Throws an EnvironmentError
 * (exit 3) that says how to install k6 when there is none.
 */
export function findK6Binary(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['K6_BINARY'];
  if (override) {
    const path = isAbsolute(override) ? override : resolve(override);
    if (isExecutable(path)) return path;
    throw new EnvironmentError(`K6_BINARY=${override}: not an executable file.\n${K6_INSTALL_HINT}`);
  }
  for (const folder of (env['PATH'] ?? '').split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, 'k6');
    if (isExecutable(candidate)) return candidate;
  }
  throw new EnvironmentError(`--engine k6: no k6 executable on PATH.\n${K6_INSTALL_HINT}`);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
