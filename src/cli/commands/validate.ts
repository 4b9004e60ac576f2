import type { Command } from 'commander';
import { loadExperimentFile } from '../../experiment/load-file.js';
import { describeExperiment } from '../../experiment/describe.js';
import { EXIT } from '../exit-codes.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check an experiment file and show what it would do, without running it')
    .argument('<experiment>', 'experiment file (.ts, .js, .mjs, .json)')
    .addHelpText('after', '\nExit codes: 0 valid; 2 invalid (the message names the file and each bad field).')
    .action(async (path: string) => {
      const experiment = await loadExperimentFile(path);
      process.stdout.write(`${path}: valid\n${describeExperiment(experiment)}\n`);
      process.exitCode = EXIT.pass;
    });
}
