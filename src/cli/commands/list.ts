import type { Command } from 'commander';
import { Argument } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../../errors.js';
import { loadExperimentFile } from '../../experiment/load-file.js';
import { faultSchema } from '../../experiment/faults-schema.js';
import { profileSchema } from '../../experiment/load-schema.js';
import { packageRoot } from '../../util/package-root.js';

const WHAT = ['scenarios', 'faults', 'profiles'] as const;
type What = (typeof WHAT)[number];

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list the scenarios, fault kinds and load profiles greenlight ships')
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
    return faultSchema.options.map((option) => `  ${option.shape.kind.value.padEnd(22)} ${FAULT_HELP[option.shape.kind.value]}`);
  },
  async profiles() {
    return profileSchema.options.map((option) => `  ${option.shape.kind.value.padEnd(22)} ${PROFILE_HELP[option.shape.kind.value]}`);
  },
};

const FAULT_HELP: Record<string, string> = {
  latency: 'Toxiproxy latency toxic in front of a colour: latency, jitter (ms), direction, toxicity',
  'gpu-memory-pressure': 'occupies VRAM of a colour: percent or gib (simulated on the embedded stack)',
};

const PROFILE_HELP: Record<string, string> = {
  constant: 'rate (requests/s)',
  ramp: 'startRate, stages: [{ target, duration }] — linear between stages, then holds',
};

function filesIn(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).filter((file) => /\.(ts|mts|js|mjs|json)$/.test(file)).sort();
}
