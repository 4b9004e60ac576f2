import type { Command } from 'commander';
import { Argument } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../../errors.js';
import { importModuleFile, loadExperimentFile } from '../../experiment/load-file.js';
import { describeFaultKinds } from '../../experiment/describe-fault-kinds.js';
import { profileSchema, type Profile } from '../../experiment/load-schema.js';
import { listProfilePresets } from '../../experiment/profile-presets.js';
import { packageRoot } from '../../util/package-root.js';

const WHAT = ['scenarios', 'faults', 'profiles'] as const;
type What = (typeof WHAT)[number];

export function registerList(program: Command): void {
  program
    .command('list')
    .description(
      'list the scenarios, fault kinds (with their attributes) and presets, and load profiles greenlight ships',
    )
    .addArgument(new Argument('[what]', 'what to list (default: all)').choices(WHAT))
    .action(async (what: What | undefined) => {
      for (const section of what ? [what] : WHAT) {
        process.stdout.write(`${section}:\n${(await LISTERS[section]()).join('\n')}\n`);
      }
    });
}

const LISTERS: Record<What, () => Promise<string[]>> = {
  async scenarios() {
    const folder = join(packageRoot(), 'scenarios');
    const lines: string[] = [];
    for (const file of filesIn(folder)) {
      try {
        const experiment = await loadExperimentFile(join(folder, file));
        lines.push(`  scenarios/${file.padEnd(24)} ${experiment.description || experiment.name}`);
      } catch (error) {
        lines.push(`  scenarios/${file.padEnd(24)} (invalid: ${errorMessage(error).split('\n')[0]})`);
      }
    }
    return lines;
  },
  async faults() {
    const kinds = describeFaultKinds().flatMap(({ kind, description, attributes }) => [
      `  ${kind.padEnd(22)} ${description}`,
      ...attributes.map((attribute) => `  ${''.padEnd(22)}   ${attribute}`),
    ]);
    const folder = join(packageRoot(), 'faults');
    const presets: string[] = [];
    for (const file of filesIn(folder)) {
      try {
        const preset = (await importModuleFile(join(folder, file))) as { description?: unknown };
        presets.push(`  faults/${file.padEnd(34)} ${typeof preset.description === 'string' ? preset.description : ''}`);
      } catch (error) {
        presets.push(`  faults/${file.padEnd(34)} (invalid: ${errorMessage(error).split('\n')[0]})`);
      }
    }
    return [...kinds, ...(presets.length > 0 ? ['presets (import them in an experiment):', ...presets] : [])];
  },
  async profiles() {
    const kinds = profileSchema.options.map(
      (option) => `  ${option.shape.kind.value.padEnd(22)} ${PROFILE_HELP[option.shape.kind.value]}`,
    );
    const presets = (await listProfilePresets()).map(
      (preset) => `  loadprofiles/${preset.name.padEnd(21)} ${preset.description}`,
    );
    return [
      ...kinds,
      `  ${'arrival'.padEnd(22)} even (default) | poisson | gamma with burstiness (1 = Poisson, < 1 burstier)`,
      `  ${'concurrency'.padEnd(22)} closed model instead of a profile: N requests in flight`,
      ...(presets.length > 0
        ? ['presets (import them in an experiment, or greenlight load --profile NAME):', ...presets]
        : []),
    ];
  },
};

const PROFILE_HELP: Record<Profile['kind'], string> = {
  constant: 'rate (requests/s)',
  ramp: 'startRate, stages: [{ target, duration }] — linear between stages, then holds',
  spike: 'baseRate, peakRate, before, rise, hold, fall — base → peak → base, then holds base',
  sine: 'baseRate, amplitude (≤ baseRate), period, phase (degrees) — base + amplitude·sin(2πt/period + phase)',
  step: 'steps: [{ rate, duration }] — each rate held for its duration, the last one afterwards',
  sequence: 'parts: [{ duration, profile }] — profiles one after another, each from its own t = 0',
  sum: 'profiles: [profile, …] — rates added together',
  series:
    'file (Grafana CSV, Prometheus JSON) | prometheus: { url, query, start, end, step }, speedup, scale — a recorded rate',
  trace:
    'file (Azure CSV, Mooncake JSONL), format, speedup, scale — recorded requests at their offsets with their token counts',
};

function filesIn(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => /\.(ts|mts|js|mjs|json)$/.test(file))
    .sort();
}
