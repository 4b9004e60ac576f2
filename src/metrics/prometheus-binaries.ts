import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EnvironmentError } from '../errors.js';

/**
 * Finds a program of Debian's `prometheus` package on PATH or in /usr/bin; an EnvironmentError
 * (exit 3) when it is not installed.
 */
export function findPrometheusBinary(name: 'prometheus' | 'promtool', purpose: string): string {
  const folders = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin'];
  for (const folder of folders) {
    const path = join(folder, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not in this folder
    }
  }
  throw new EnvironmentError(
    `${purpose} needs ${name} (Debian: apt-get install prometheus); it is not on PATH or in /usr/bin`,
  );
}
