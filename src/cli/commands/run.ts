import { InvalidArgumentError, Option, type Command } from 'commander';
import { relative } from 'node:path';
import { formatPercent } from '../../util/format.js';
import type { Experiment } from '../../experiment/schema.js';
import { InputError } from '../../errors.js';
import { writeK6DryRun } from '../../runner/k6.js';
import { executeRun, type ExecuteFlags } from '../execute-run.js';
import { loadExperiment } from '../../runner/load-experiment.js';
import { EXIT, EXIT_CODES_HELP } from '../exit-codes.js';
import { defaultExperimentPath, keepOption, parseInteger, pushgatewayOption, targetOption } from '../options.js';
import { workersOption } from '../workers-option.js';

export interface RunFlags extends ExecuteFlags {
  dryRun?: boolean;
  target?: string;
  keep?: boolean;
  k6Operator?: boolean;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run an experiment: load + faults on blue/green, then SLO and rollback verdicts and a report')
    .argument(
      '[experiment]',
      'experiment file (.ts, .js, .mjs, .json); default: the quick start, scenarios/quickstart.ts',
    )
    .addOption(
      new Option(
        '--engine <engine>',
        'load engine: native (built in, exact streaming timings) or k6 (the k6 binary on PATH or $K6_BINARY)',
      )
        .choices(['native', 'k6'])
        .default('native'),
    )
    .option(
      '--dry-run',
      'with --engine k6: write script.js and options.json to a new run folder and stop (no stack, no load)',
    )
    .option('--seed <n>', "override the experiment's seed (same seed = same arrivals and fault timeline)", parseInteger)
    .addOption(workersOption())
    .option(
      '--instances <n>',
      'with --engine k6: run N k6 processes, each one execution segment of the test (k6 --execution-segment)',
      parsePositiveCount,
    )
    .option(
      '--k6-operator',
      'with --dry-run: also write a k6-operator TestRun (parallelism = --instances) and its script ConfigMap',
    )
    .option('--out <dir>', 'reports folder; the run writes <dir>/<run-id>/', 'reports')
    .option(
      '--no-controller',
      "don't run greenlight's reference rollback controller (the rollback must then come from elsewhere)",
    )
    .addOption(targetOption())
    .addOption(keepOption())
    .addOption(pushgatewayOption())
    .addHelpText(
      'after',
      `\nWith no experiment, runs scenarios/quickstart.ts on the embedded stack.\n${EXIT_CODES_HELP}`,
    )
    .action(async (experimentPath: string | undefined, flags: RunFlags) => {
      process.exitCode = await runCommand(experimentPath ?? defaultExperimentPath(), flags);
    });
}

/** Runs an experiment and prints its verdict; `prepare` adapts the experiment first (the gate's). */
export async function runCommand(
  experimentPath: string,
  flags: RunFlags,
  prepare: (experiment: Experiment, source: string) => Experiment = (experiment) => experiment,
): Promise<number> {
  const shownPath = relative(process.cwd(), experimentPath) || experimentPath;
  if (flags.engine === 'k6' && (flags.workers ?? 1) > 1)
    throw new InputError('--workers: the native engine only; k6 spreads its load over processes with --instances');
  if (flags.engine !== 'k6' && flags.instances !== undefined)
    throw new InputError('--instances: only with --engine k6 (the native engine spreads its load with --workers)');
  if (flags.k6Operator && !flags.dryRun)
    throw new InputError('--k6-operator: only with --dry-run (greenlight writes the manifest; kubectl applies it)');
  const loaded = await loadExperiment(experimentPath, flags.target ? { target: flags.target } : {});
  const experiment = prepare(withKeep(loaded.experiment, flags.keep), shownPath);
  if (flags.dryRun) return dryRun(experiment, flags);
  return (await executeRun(experiment, shownPath, flags)).code;
}

/** `--keep`: the compose project stays up after the run. */
function withKeep(experiment: Experiment, keep: boolean | undefined): Experiment {
  if (!keep) return experiment;
  if (experiment.target.kind !== 'compose')
    throw new InputError(`--keep: only for a compose target (this one is ${experiment.target.kind})`);
  return { ...experiment, target: { ...experiment.target, keep: true } };
}

async function dryRun(experiment: Experiment, flags: RunFlags): Promise<number> {
  if (flags.engine !== 'k6')
    throw new InputError('--dry-run: only with --engine k6 (it writes the k6 script without running it)');
  const files = await writeK6DryRun(experiment, {
    outDir: flags.out,
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.instances !== undefined ? { instances: flags.instances } : {}),
    ...(flags.k6Operator ? { k6Operator: true } : {}),
  });
  const error = files.stages
    ? `, profile as ${files.stages.stages.length} stages, largest error ${formatPercent(files.stages.maxRelativeError)}`
    : '';
  process.stdout.write(`k6 script   ${files.scriptPath}\nk6 options  ${files.optionsPath}\n`);
  if (files.operatorPath) process.stdout.write(`k6-operator ${files.operatorPath}\n`);
  process.stderr.write(`greenlight: dry run of ${experiment.name}${error}; nothing was started.\n`);
  process.stderr.write(
    '  run it with GREENLIGHT_TARGET_URL=<router url> (and GREENLIGHT_HEADERS=<JSON object> if the target needs headers) in the environment:\n',
  );
  for (const command of files.commands) process.stderr.write(`    ${command}\n`);
  if (files.operatorPath) process.stderr.write(`  or on Kubernetes: kubectl apply -f ${files.operatorPath}\n`);
  return EXIT.pass;
}

function parsePositiveCount(value: string): number {
  const parsed = parseInteger(value);
  if (parsed < 1) throw new InvalidArgumentError(`expected a whole number of at least 1, got "${value}"`);
  return parsed;
}
