import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder of greenlight's own package.json, found by walking up from this module: the same
 * answer whether the code runs from src/ (tests) or from the bundled dist/cli.js.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'greenlight'
    ) {
      cached = folder;
      return folder;
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error('greenlight: cannot find its own package.json');
    folder = parent;
  }
}
