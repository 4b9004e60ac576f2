import type { Command } from 'commander';
import { join } from 'node:path';
import { compareRuns } from '../../compare/compare.js';
import { loadRun } from '../../compare/run-record.js';
import { writeDiffPage } from '../../report/diff-html.js';
import { renderDiffText } from '../../report/diff-text.js';
import { EXIT } from '../exit-codes.js';
import { writeJsonFile } from '../json-file.js';

interface DiffFlags {
  html?: string;
  json?: string;
}

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description(
      'compare two runs from their journals: verdicts, rollback rules, SLOs, faults, switches and arrivals, with statistics',
    )
    .argument('<run-a>', 'the run to compare against (A), e.g. last week’s run folder')
    .argument('<run-b>', 'the run compared with it (B)')
    .option('--html <file>', 'where to write the comparison page (default: <run-b>/diff.html)')
    .option('--json <file>', 'also write the comparison as JSON')
    .addHelpText(
      'after',
      "\nB reproduces A when verdicts, rule verdicts, SLO results, the fault timeline, router switches and the\nplanned arrivals agree (times within 2 s, fault steps within 1 s; docs/incidents.md). Latency, TTFT and\nerror differences are tested with the release gate's statistics and listed, but do not decide.\nExit codes: 0 B reproduces A; 1 it does not; 2 not a run folder.",
    )
    .action(async (runA: string, runB: string, flags: DiffFlags) => {
      const runs = { a: await loadRun(runA), b: await loadRun(runB) };
      const comparison = compareRuns(runs.a, runs.b);
      const page = await writeDiffPage(flags.html ?? join(runB, 'diff.html'), comparison, runs);
      if (flags.json !== undefined) await writeJsonFile(flags.json, comparison);
      process.stdout.write(`${renderDiffText(comparison, page)}\n`);
      process.exitCode = comparison.reproduced ? EXIT.pass : EXIT.verdictFailed;
    });
}
