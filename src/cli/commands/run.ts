import { Option, type Command } from 'commander';
import { relative } from 'node:path';
import { InterruptedError } from '../../errors.js';
import { loadExperimentFile } from '../../experiment/load-file.js';
import { runExperiment } from '../../runner/run.js';
import { formatDuration } from '../../util/duration.js';
import { EXIT, EXIT_CODES_HELP } from '../exit-codes.js';
import { defaultExperimentPath, parseInteger } from '../options.js';
import { createProgressPrinter } from '../progress-line.js';
import { renderSummary } from '../render-summary.js';
import { onInterrupt } from '../signals.js';

interface RunFlags {
  engine: string;
  target: string;
  seed?: number;
  out: string;
  controller: boolean;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run an experiment: load + faults on blue/green, then SLO and rollback verdicts and a report')
    .argument('[experiment]', 'experiment file (.ts, .js, .mjs, .json)', defaultExperimentPath())
    .addOption(new Option('--engine <engine>', 'load engine').choices(['native']).default('native'))
    .addOption(new Option('--target <target>', 'where blue and green run').choices(['embedded']).default('embedded'))
    .option('--seed <n>', "override the experiment's seed (same seed = same arrivals and fault timeline)", parseInteger)
    .option('--out <dir>', 'reports folder; the run writes <dir>/<run-id>/', 'reports')
    .option('--no-controller', "embedded target: start the reference router without its rollback controller")
    .addHelpText('after', `\nWith no experiment, runs scenarios/quickstart.ts on the embedded stack.\n${EXIT_CODES_HELP}`)
    .action(async (experimentPath: string, flags: RunFlags) => {
      process.exitCode = await runCommand(experimentPath, flags);
    });
}

async function runCommand(experimentPath: string, flags: RunFlags): Promise<number> {
  const shownPath = relative(process.cwd(), experimentPath) || experimentPath;
  const experiment = await loadExperimentFile(experimentPath);
  const interrupt = new AbortController();
  const stopListening = onInterrupt((signal) => {
    process.stderr.write(`\n${signal}: stopping — reverting faults and writing a partial report (again to force quit)\n`);
    interrupt.abort(new InterruptedError(signal));
  });
  const progress = createProgressPrinter(process.stderr);
  try {
    const outcome = await runExperiment({
      experiment,
      source: shownPath,
      outDir: flags.out,
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.controller ? {} : { controllerEnabled: false }),
      signal: interrupt.signal,
      callbacks: {
        onStart: ({ runDir, parts, durationMs, seed }) => {
          process.stderr.write(`greenlight: ${experiment.name} from ${shownPath}, seed ${seed}, ${formatDuration(durationMs)}\n`);
          for (const part of parts) process.stderr.write(`  ${part}\n`);
          process.stderr.write(`  run folder  ${runDir}\n`);
        },
        onProgress: (snapshot) => progress.update(snapshot),
        onNotice: (message) => process.stderr.write(`\n${message}\n`),
      },
    });
    progress.done();
    process.stdout.write(`${renderSummary(outcome.summary, outcome.files.html)}\n`);
    if (outcome.failure) {
      process.stderr.write(`greenlight: ${outcome.failure.message}\n`);
      return outcome.failure instanceof InterruptedError ? EXIT.interrupted : EXIT.environment;
    }
    return outcome.summary.verdict === 'pass' ? EXIT.pass : EXIT.verdictFailed;
  } finally {
    progress.done();
    stopListening();
  }
}
