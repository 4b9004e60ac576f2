import type { Command } from 'commander';
import { describeExperiment } from '../../experiment/describe.js';
import { loadExperiment } from '../../runner/load-experiment.js';
import { EXIT } from '../exit-codes.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check an experiment and every file it references, and show what it would do, without running it')
    .argument('<experiment>', 'experiment file (.ts, .js, .mjs, .json)')
    .addHelpText(
      'after',
      '\nExit codes: 0 valid; 2 invalid: the experiment or a file it references (the message names the file and each bad field).',
    )
    .action(async (path: string) => {
      const { experiment, files } = await loadExperiment(path);
      const lines = [`${path}: valid`, describeExperiment(experiment)];
      for (const file of files) lines.push(`  file      ${file.field}: ${file.path} (${file.kind}, read and checked)`);
      process.stdout.write(`${lines.join('\n')}\n`);
      process.exitCode = EXIT.pass;
    });
}
