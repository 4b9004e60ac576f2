import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { reportFromJournal } from '../../report/from-journal.js';
import { EXIT } from '../exit-codes.js';
import { renderSummary } from '../render-summary.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('re-evaluate a run from its journal and re-render index.html, summary.json and junit.xml')
    .argument('<run-dir>', 'a run folder, e.g. reports/20261125-081716-quickstart')
    .addHelpText(
      'after',
      '\nWorks on interrupted and killed runs too: the journal is all it needs.\nExit codes: 0 pass; 1 fail; 2 not a run folder.',
    )
    .action(async (runDir: string) => {
      const journalPath = join(runDir, 'journal.ndjson');
      if (!existsSync(journalPath))
        throw new InputError(`${runDir}: no journal.ndjson here; expected a greenlight run folder`);
      const { summary, files } = await reportFromJournal(runDir, journalPath);
      process.stdout.write(`${renderSummary(summary, files.html)}\n`);
      process.exitCode = summary.verdict === 'pass' ? EXIT.pass : EXIT.verdictFailed;
    });
}
