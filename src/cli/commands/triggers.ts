import { Option, type Command } from 'commander';
import { InputError } from '../../errors.js';
import type { TriggerResult } from '../../evaluate/summary.js';
import { TRIGGER_KINDS } from '../../experiment/triggers-schema.js';
import { triggerVerdictWord } from '../../report/sections/triggers.js';
import { evaluateTriggersOffline } from '../../triggers/index.js';
import { EXIT } from '../exit-codes.js';

const HELP = `
Replays a team's own trigger definition (Argo AnalysisTemplate, Flagger Canary with its
MetricTemplates, or a Prometheus rule file) on a recorded run: no load is sent. The run folder's
recording (trigger-series.openmetrics) is turned into TSDB blocks with promtool and served by a
real Prometheus; rule files are also run through promtool test rules. The verdict is judged
against the condition timeline of the rollback rule named by --expects (docs/triggers.md).

Exit codes: 0 the trigger behaved as the rule expects (fired in time, or not triggered);
1 it did not (late, missed, false positive, flapping, low traffic); 2 bad definition or flags
(the message names the file and field); 3 prometheus or promtool missing or failing.`;

export function registerTriggers(program: Command): void {
  const triggers = program.command('triggers').description("back-test a team's own rollback triggers");
  triggers
    .command('check')
    .description('replay a trigger definition on a recorded run and judge it against a rollback rule')
    .argument('<run-dir>', 'a run folder with a trigger-series.openmetrics recording')
    .requiredOption('--file <definition>', 'the trigger definition (YAML)')
    .addOption(new Option('--kind <kind>', 'the format (default: told from the file)').choices(TRIGGER_KINDS))
    .option(
      '--expects <rule>',
      "the rollback rule it should match (default: the run's trigger entry, or its only rule)",
    )
    .option('--args <name=value...>', "values for the template's args (Argo); evaluationInterval=… for rule files")
    .addHelpText('after', HELP)
    .action(
      async (
        runDir: string,
        options: { file: string; kind?: (typeof TRIGGER_KINDS)[number]; expects?: string; args?: string[] },
      ) => {
        const result = await evaluateTriggersOffline(runDir, options.file, {
          ...(options.kind ? { kind: options.kind } : {}),
          ...(options.expects ? { expects: options.expects } : {}),
          args: parseArgs(options.args ?? []),
        });
        process.stdout.write(`${renderTrigger(result)}\n`);
        process.exitCode = result.pass ? EXIT.pass : EXIT.verdictFailed;
      },
    );
}

function parseArgs(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new InputError(`--args: expected name=value, got "${pair}"`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

function renderTrigger(result: TriggerResult): string {
  const word = triggerVerdictWord(result.verdict);
  const seconds = (value: number | null): string => (value === null ? '—' : `${Number(value.toFixed(2))}s`);
  const bound = `bound ${seconds(result.bound.seconds)} ${result.bound.meetsBudget ? '≤' : '>'} budget ${seconds(result.budgetSeconds)}`;
  return [
    `trigger: ${result.pass ? word : word.toUpperCase()}  (${result.name}, ${result.file})`,
    `  expects   ${result.expects}: ${result.condition}`,
    `  condition met ${result.conditionMetAt ?? 'never'}; would ${result.action} ${result.firedAt ?? 'never'}; detection ${seconds(result.detectionSeconds)}`,
    `  ${bound}  (${result.bound.formula})`,
    `  ${result.explanation}`,
    ...result.why.map((line) => `  why   ${line}`),
    ...result.notes.map((line) => `  note  ${line}`),
    `  ${result.measurements.length} measurements, replayed offline`,
  ].join('\n');
}
