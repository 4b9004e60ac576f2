import type { Command } from 'commander';
import { join } from 'node:path';
import { collectTrend } from '../../compare/trend.js';
import { writeTrendPage } from '../../report/trend-html.js';
import { renderTrendText } from '../../report/trend-text.js';
import { EXIT } from '../exit-codes.js';
import { parsePositiveInteger } from '../options.js';

interface TrendFlags {
  experiment?: string;
  baseline: number;
  out?: string;
}

export function registerTrend(program: Command): void {
  program
    .command('trend')
    .description(
      'one scenario across its runs: verdicts, detection times, lost requests, latency and errors, regressions flagged',
    )
    .argument('<reports-dir>', 'a folder of run folders, e.g. reports/ or the weekly job’s kept artifacts')
    .option('--experiment <name>', 'the experiment to follow, when the folder holds runs of several')
    .option(
      '--baseline <n>',
      'compare each run with the n runs before it (median; samples pooled)',
      parsePositiveInteger,
      1,
    )
    .option('--out <file>', 'where to write the page (default: <reports-dir>/trend.html)')
    .addHelpText(
      'after',
      "\nEach point of the page opens that run's report (<run>/index.html, relative to the page).\nExit codes: 0 the latest run shows no regression; 1 it does; 2 no runs, or several experiments without --experiment.",
    )
    .action(async (reportsDir: string, flags: TrendFlags) => {
      const trend = await collectTrend(reportsDir, {
        ...(flags.experiment !== undefined ? { experiment: flags.experiment } : {}),
        baselineRuns: flags.baseline,
      });
      const page = await writeTrendPage(flags.out ?? join(reportsDir, 'trend.html'), trend);
      process.stdout.write(`${renderTrendText(trend, page)}\n`);
      const regressed = (trend.runs.at(-1)?.regressions.length ?? 0) > 0;
      process.exitCode = regressed ? EXIT.verdictFailed : EXIT.pass;
    });
}
