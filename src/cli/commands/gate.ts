import { Option, type Command } from 'commander';
import { gateExperiment } from '../../runner/gate.js';
import { EXIT_CODES_HELP } from '../exit-codes.js';
import { keepOption, parseInteger, pushgatewayOption, targetOption } from '../options.js';
import { workersOption } from '../workers-option.js';
import { runCommand, type RunFlags } from './run.js';

const GATE_HELP = `
Blue is the baseline, green the candidate. The experiment's load is split between them by
target.router.weights (50/50 is best) with the rollback controller off; then green is compared
with blue: latency and TTFT by a one-sided Mann-Whitney U test, error rates by a one-sided
two-proportion z-test, each against the margins and at the confidence of the experiment's
\`gate\` section (defaults: 95 %, latency and TTFT +5 %, error rate +1 point), plus the SLOs.
The reasons go to summary.json (\`gate\`), the report and the terminal.
${EXIT_CODES_HELP}`;

export function registerGate(program: Command): void {
  program
    .command('gate')
    .description(
      'release gate: green (candidate) against blue (baseline) under the same split load; exit 0 only on a pass',
    )
    .argument('<experiment>', 'experiment file (.ts, .js, .mjs, .json), e.g. scenarios/release-gate.ts')
    .addOption(new Option('--engine <engine>', 'load engine').choices(['native']).default('native'))
    .option('--seed <n>', "override the experiment's seed", parseInteger)
    .addOption(workersOption())
    .option('--out <dir>', 'reports folder; the run writes <dir>/<run-id>/', 'reports')
    .addOption(targetOption())
    .addOption(keepOption())
    .addOption(pushgatewayOption())
    .addHelpText('after', GATE_HELP)
    .action(async (experimentPath: string, flags: Omit<RunFlags, 'controller'>) => {
      process.exitCode = await runCommand(experimentPath, { ...flags, controller: false }, gateExperiment);
    });
}
