import { join } from 'node:path';
import { build, type Message } from 'esbuild';
import { EnvironmentError } from '../../../errors.js';
import { packageRoot } from '../../../util/package-root.js';
import type { K6ScriptInput } from './script-input.js';

/**
 * Bundles script/entry.ts with the workload code it imports (request kinds, token-count
 * sampling, prompt building: the same code the native engine sends with) into one ES module
 * for k6, as xk6-ts and k6pack do. The run's input is inlined as plain data (options, workload,
 * the datasets' prompts already read and checked), so no schema library and no file reading
 * travels into the script: k6 compiles it once per VU.
 */
export async function bundleK6Script(input: K6ScriptInput): Promise<string> {
  const entry = join(packageRoot(), 'src', 'load', 'engines', 'k6', 'script', 'entry.ts');
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      // k6's JavaScript runtime (Sobek) lacks some recent syntax; esbuild lowers it.
      target: 'es2017',
      external: ['k6', 'k6/*'],
      define: { GREENLIGHT_K6_INPUT: JSON.stringify(input) },
      legalComments: 'none',
      logLevel: 'silent',
    });
    return result.outputFiles[0]?.text ?? '';
  } catch (error) {
    const first = (error as { errors?: Message[] }).errors?.[0];
    const where = first?.location ? ` at ${first.location.file}:${first.location.line}` : '';
    throw new EnvironmentError(`cannot bundle the k6 script${where}: ${first?.text ?? String(error)}`, {
      cause: error,
    });
  }
}
