import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InputError, errorMessage } from '../errors.js';
import { packageRoot } from '../util/package-root.js';
import { importModuleFile } from './load-file.js';
import { profileSchema, type Profile } from './load-schema.js';
import { formatIssues } from './validate.js';

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

/** The preset `name` (e.g. 'spike') with its default parameters, validated. */
export async function loadProfilePreset(name: string): Promise<{ preset: ProfilePreset; profile: Profile }> {
  const file = presetFile(name);
  if (!file) {
    throw new InputError(
      `--profile: no preset "${name}" in loadprofiles/; expected one of: ${profilePresetNames().join(', ')}`,
    );
  }
  const module = (await importModuleFile(file)) as { default?: unknown; description?: unknown };
  const shown = relative(process.cwd(), file) || file;
  if (typeof module.default !== 'function')
    throw new InputError(`${shown}: expected a default export that returns a profile`);
  const parsed = profileSchema.safeParse((module.default as () => unknown)());
  if (!parsed.success) throw new InputError(formatIssues(`${shown} (profile)`, parsed.error.issues));
  const description = typeof module.description === 'string' ? module.description : '';
  return { preset: { name, file: shown, description }, profile: parsed.data };
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
