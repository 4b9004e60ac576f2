import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { InputError, errorMessage } from '../errors.js';
import { packageRoot } from '../util/package-root.js';
import { importModuleFile } from './load-file.js';
import { profileSchema, type Profile } from './load-schema.js';
import { formatIssues } from './validate.js';
import { resolveRecordedProfile } from '../load/profiles/recorded-sources.js';

/** A named profile in loadprofiles/: a module whose default export returns the profile. */
export interface ProfilePreset {
  name: string;
  file: string;
  description: string;
}

export function presetFolder(): string {
  return join(packageRoot(), 'loadprofiles');
}

export function profilePresetNames(): string[] {
  const folder = presetFolder();
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => /\.(ts|mts|js|mjs)$/.test(file))
    .map((file) => file.replace(/\.[^.]+$/, ''))
    .sort();
}

/**
 * The preset `name` (e.g. 'spike') with its default parameters, validated; or, when `name` is a
 * path (it has a slash or an extension), that file: a module whose default export is a profile
 * or returns one, or a JSON profile. A recorded profile's file resolves against the profile's.
 */
export async function loadProfilePreset(name: string): Promise<{ preset: ProfilePreset; profile: Profile }> {
  const isPath = /[\\/]|\.(ts|mts|js|mjs|json)$/.test(name);
  const file = isPath ? resolve(name) : presetFile(name);
  if (!file || !existsSync(file)) {
    throw new InputError(
      isPath
        ? `--profile: no such file ${name}`
        : `--profile: no preset "${name}" in loadprofiles/; expected one of: ${profilePresetNames().join(', ')}`,
    );
  }
  const shown = relative(process.cwd(), file) || file;
  const { exported, description } = await readProfileModule(file, shown);
  const parsed = profileSchema.safeParse(typeof exported === 'function' ? (exported as () => unknown)() : exported);
  if (!parsed.success) throw new InputError(formatIssues(`${shown} (profile)`, parsed.error.issues));
  const profile = await resolveRecordedProfile(parsed.data, dirname(file), shown);
  return { preset: { name, file: shown, description }, profile };
}

async function readProfileModule(file: string, shown: string): Promise<{ exported: unknown; description: string }> {
  if (file.endsWith('.json')) {
    try {
      return { exported: JSON.parse(readFileSync(file, 'utf8')) as unknown, description: '' };
    } catch (error) {
      throw new InputError(`${shown}: not a JSON profile (${errorMessage(error)})`, { cause: error });
    }
  }
  const module = (await importModuleFile(file)) as { default?: unknown; description?: unknown };
  if (module.default === undefined) throw new InputError(`${shown}: expected a default export that returns a profile`);
  return { exported: module.default, description: typeof module.description === 'string' ? module.description : '' };
}

/** Every preset with its description, or why it cannot be loaded. */
export async function listProfilePresets(): Promise<ProfilePreset[]> {
  const presets: ProfilePreset[] = [];
  for (const name of profilePresetNames()) {
    try {
      presets.push((await loadProfilePreset(name)).preset);
    } catch (error) {
      presets.push({
        name,
        file: `loadprofiles/${name}`,
        description: `(invalid: ${errorMessage(error).split('\n')[0]})`,
      });
    }
  }
  return presets;
}

function presetFile(name: string): string | undefined {
  if (!/^[\w-]+$/.test(name)) return undefined;
  for (const extension of ['ts', 'mts', 'js', 'mjs']) {
    const file = join(presetFolder(), `${name}.${extension}`);
    if (existsSync(file)) return file;
  }
  return undefined;
}
