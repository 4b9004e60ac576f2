import { findHaproxy } from '../../../src/targets/haproxy/process.js';

/**
 * Whether the HAProxy suites run: always under CI (a missing binary then fails them); without CI
 * they skip, saying so, when the haproxy binary is not installed.
 */
export function haproxyAvailable(): boolean {
  if (process.env.CI) return true;
  try {
    findHaproxy();
    return true;
  } catch {
    process.stderr.write(
      'skipping the HAProxy suites: no haproxy binary on PATH or in /usr/sbin (apt-get install haproxy)\n',
    );
    return false;
  }
}
