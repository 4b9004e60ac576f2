import type { Command } from 'commander';
import { describeExperiment } from '../../experiment/describe.js';
import { loadExperiment } from '../../runner/load-experiment.js';
import { EXIT } from '../exit-codes.js';
import { targetOption } from '../options.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check an experiment and every file it references, and show what it would do, without running it')
    .argument('<experiment>', 'experiment file (.ts, .js, .mjs, .json)')
    .addOption(targetOption())
    .addHelpText(
      'after',
      '\nPrints the blast radius: every URL, proxy, container, GPU and admin API the run would touch, and what it does there.\nExit codes: 0 valid; 2 invalid: the experiment, the target or a file they reference (the message names the file and each bad field), or a fault on something the target does not declare.',
    )
    .action(async (path: string, flags: { target?: string }) => {
      const { experiment, files, blastRadius } = await loadExperiment(
        path,
        flags.target ? { target: flags.target } : {},
      );
      const lines = [`${path}: valid`, describeExperiment(experiment)];
      for (const file of files) lines.push(`  file      ${file.field}: ${file.path} (${file.kind}, read and checked)`);
      lines.push('blast radius (everything this run touches; nothing else is):');
      for (const entry of blastRadius.entries) lines.push(`  ${entry.where}\n      ${entry.what}`);
      process.stdout.write(`${lines.join('\n')}\n`);
      process.exitCode = EXIT.pass;
    });
}
