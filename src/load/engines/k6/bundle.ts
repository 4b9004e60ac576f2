import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Message, type Plugin } from 'esbuild';
import { EnvironmentError, InputError, errorMessage } from '../../../errors.js';
import { packageRoot } from '../../../util/package-root.js';
import type { K6ScriptInput } from './script-input.js';

/**
 * Bundles script/entry.ts with the workload code it imports (request kinds, token-count
 * sampling, prompt building: the same code the native engine sends with) into one ES module
 * for k6, as xk6-ts and k6pack do. The run's input is inlined as a constant, and so are the
 * workload's dataset files: k6 can read files only in its init context, so the workload code's
 * `node:fs` reads are served from the bundle instead.
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
      plugins: [bundledFiles(datasetFiles(input))],
      define: { GREENLIGHT_K6_INPUT: JSON.stringify(input) },
      legalComments: 'none',
      logLevel: 'silent',
    });
    return result.outputFiles[0]?.text ?? '';
  } catch (error) {
    if (error instanceof InputError) throw error;
    const first = (error as { errors?: Message[] }).errors?.[0];
    const where = first?.location ? ` at ${first.location.file}:${first.location.line}` : '';
    throw new EnvironmentError(`cannot bundle the k6 script${where}: ${first?.text ?? String(error)}`, {
      cause: error,
    });
  }
}

/** The dataset files the workload reads, by the path it reads them with. */
function datasetFiles(input: K6ScriptInput): Record<string, string> {
  const files: Record<string, string> = {};
  for (const { request } of input.workload.mix) {
    if (request.dataset === undefined || request.dataset in files) continue;
    try {
      files[request.dataset] = readFileSync(request.dataset, 'utf8');
    } catch (error) {
      throw new InputError(`load.workload dataset ${request.dataset}: cannot read it (${errorMessage(error)})`, {
        cause: error,
      });
    }
  }
  return files;
}

/** `node:fs` inside the bundle: readFileSync answers from the files inlined at bundle time. */
function bundledFiles(files: Record<string, string>): Plugin {
  const namespace = 'greenlight-k6-files';
  return {
    name: namespace,
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^(node:)?fs$/ }, (args) => ({ path: args.path, namespace }));
      pluginBuild.onLoad({ filter: /.*/, namespace }, () => ({
        loader: 'js',
        contents: [
          `const files = ${JSON.stringify(files)};`,
          'export function readFileSync(path) {',
          '  if (Object.prototype.hasOwnProperty.call(files, path)) return files[path];',
          "  throw new Error(path + ' was not bundled into the k6 script');",
          '}',
        ].join('\n'),
      }));
    },
  };
}
