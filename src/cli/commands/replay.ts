import type { Command } from 'commander';
import { join } from 'node:path';
import { compareRuns } from '../../compare/compare.js';
import { loadRun } from '../../compare/run-record.js';
import { writeDiffPage } from '../../report/diff-html.js';
import { renderDiffText } from '../../report/diff-text.js';
import { replayPlan } from '../../runner/replay.js';
import { executeRun } from '../execute-run.js';
import { EXIT } from '../exit-codes.js';
import { pushgatewayOption, targetOption } from '../options.js';

interface ReplayFlags {
  out: string;
  controller: boolean;
  target?: string;
  pushgateway?: string;
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description(
      'run again what a run folder recorded (experiment, seed, engine), then say whether it reproduced and what differs',
    )
    .argument('<run-dir>', 'the run to reproduce, e.g. the incident run')
    .option('--out <dir>', 'reports folder; the replay writes <dir>/<run-id>/', 'reports')
    .option('--no-controller', "don't run greenlight's reference rollback controller")
    .addOption(targetOption())
    .addOption(pushgatewayOption())
    .addHelpText(
      'after',
      `
The replay is compared with the original as greenlight diff compares two runs (docs/incidents.md):
verdicts, each rollback rule's verdict and detection time, SLO results, the fault timeline, the
arrival timeline (the same seed gives the same arrivals) and the router's switches. The
comparison page is written to <replay run>/diff.html.

Exit codes: 0 reproduced; 1 not reproduced; 2 not a run folder, or a bad --target; 3 the
environment failed (no comparison); 4 a bug; 130 interrupted.`,
    )
    .action(async (runDir: string, flags: ReplayFlags) => {
      process.exitCode = await replayCommand(runDir, flags);
    });
}

async function replayCommand(runDir: string, flags: ReplayFlags): Promise<number> {
  const original = await loadRun(runDir);
  const plan = await replayPlan(original, flags.target ? { target: flags.target } : {});
  const { code, outcome } = await executeRun(plan.experiment, `replay of ${runDir}`, {
    ...flags,
    engine: plan.engine,
    seed: plan.seed,
  });
  if (!outcome || code > EXIT.verdictFailed) return code;
  const replay = await loadRun(outcome.runDir);
  const comparison = compareRuns(original, replay);
  const page = await writeDiffPage(join(outcome.runDir, 'diff.html'), comparison, { a: original, b: replay });
  process.stdout.write(`${renderDiffText(comparison, page)}\n`);
  return comparison.reproduced ? EXIT.pass : EXIT.verdictFailed;
}
