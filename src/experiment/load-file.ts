import { accessSync, constants, existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Message, type Plugin } from 'esbuild';
import { InputError, errorMessage } from '../errors.js';
import { packageRoot } from '../util/package-root.js';
import type { Experiment } from './schema.js';
import { withOpenSlo } from './openslo.js';
import { resolveReferencedPaths } from './referenced-files.js';
import { validateExperiment } from './validate.js';
import { resolveRecordedLoad } from '../load/profiles/recorded-sources.js';

/**
 * Loads an experiment file (.ts, .mts, .js, .mjs, .json): esbuild bundles it with its local
 * imports into one ES module (the `greenlight` import resolves to this package), which is then
 * imported from a temporary folder and its default export validated. Files it references are
 * resolved against the experiment file's folder.
 */
export async function loadExperimentFile(path: string): Promise<Experiment> {
  const file = resolve(path);
  if (!existsSync(file)) throw new InputError(`${path}: no such experiment file`);
  const module = await importBundled(file, path);
  const exported = (module as { default?: unknown }).default;
  const experiment = resolveReferencedPaths(withOpenSlo(validateExperiment(exported, path), file, path), dirname(file));
  return { ...experiment, load: await resolveRecordedLoad(experiment.load, dirname(file), path) };
}

/** Imports a TS/JS module the way experiments are loaded (bundled with its local imports), e.g. a fault preset. */
export async function importModuleFile(path: string): Promise<unknown> {
  const file = resolve(path);
  if (!existsSync(file)) throw new InputError(`${path}: no such file`);
  return importBundled(file, path);
}

async function importBundled(file: string, shownPath: string): Promise<unknown> {
  let code: string;
  try {
    const result = await build({
      entryPoints: [file],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
      plugins: [greenlightSelfImport()],
    });
    code = result.outputFiles[0]?.text ?? '';
  } catch (error) {
    const first = (error as { errors?: Message[] }).errors?.[0];
    const where = first?.location
      ? `${first.location.file}:${first.location.line}:${first.location.column}`
      : shownPath;
    throw new InputError(`${where}: cannot compile the experiment (${first?.text ?? errorMessage(error)})`, {
      cause: error,
    });
  }
  // Bare imports (npm packages) stay external and must resolve from the experiment's project,
  // so the bundled module is written beside the experiment when that folder is writable.
  const folder = await mkdtemp(join(writableFolderNear(file), '.greenlight-experiment-'));
  const bundled = join(folder, 'experiment.mjs');
  try {
    await writeFile(bundled, code);
    return await import(pathToFileURL(bundled).href);
  } catch (error) {
    throw new InputError(`${shownPath}: the experiment failed while loading (${errorMessage(error)})`, {
      cause: error,
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function writableFolderNear(file: string): string {
  const beside = dirname(file);
  try {
    accessSync(beside, constants.W_OK);
    return beside;
  } catch {
    return tmpdir();
  }
}

/** `import { defineExperiment } from 'greenlight'` resolves to this package's own entry. */
function greenlightSelfImport(): Plugin {
  const root = packageRoot();
  const source = join(root, 'src', 'index.ts');
  const entry = existsSync(source) ? source : join(root, 'dist', 'index.js');
  return {
    name: 'greenlight-self-import',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^greenlight$/ }, () => ({ path: entry }));
    },
  };
}
