import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { InputError } from '../errors.js';
import type { TriggerKind, TriggerResult } from '../evaluate/summary.js';
import { runInMemory, type RunInMemory } from '../evaluate/run-index.js';
import { triggersSchema } from '../experiment/triggers-schema.js';
import { validateExperiment } from '../experiment/validate.js';
import type { RollbackRule } from '../experiment/schema.js';
import { readJournal } from '../journal/reader.js';
import type { RulesDefinition } from './definition.js';
import { checkTrigger, ruleNamed, runWindow } from './evaluate.js';
import { loadTriggerDefinition } from './load.js';
import { startLocalPrometheus, type LocalPrometheus } from '../metrics/local-prometheus.js';
import { alertFiringsByPromtool, createBlocks } from './promtool.js';
import { TRIGGER_SERIES_FILE } from './record.js';
import type { TriggerRun } from './run.js';

export interface OfflineOptions {
  kind?: TriggerKind;
  args?: Readonly<Record<string, string>>;
  /** The rollback rule to judge against; default: the experiment's trigger entry for this file, or its only rule. */
  expects?: string;
}

/**
 * `greenlight triggers check`: the definition replayed on a recorded run, no load sent. The run
 * folder's recording becomes TSDB blocks (`promtool tsdb create-blocks-from openmetrics`) that a
 * real Prometheus serves; the trigger's queries are asked of it at the moments its schedule runs
 * them. For rule files, when the alerts fire is then taken from `promtool test rules` run on the
 * same recording. Judged against the journal's condition timeline, exactly as the live check.
 */
export async function evaluateTriggersOffline(
  runDir: string,
  definitionFile: string,
  options: OfflineOptions = {},
): Promise<TriggerResult> {
  const definition = loadTriggerDefinition(definitionFile, {
    ...(options.kind ? { kind: options.kind } : {}),
    args: options.args ?? {},
  });
  const { timeline, rules, declared } = await readRun(runDir);
  const rule = ruleNamed(rules, options.expects ?? defaultExpectation(definitionFile, rules, declared), '--expects');
  const recording = join(runDir, TRIGGER_SERIES_FILE);
  if (!existsSync(recording)) {
    throw new InputError(
      `${runDir}: no ${TRIGGER_SERIES_FILE}: the run recorded no trigger series (it named no triggers, or had no Prometheus)`,
    );
  }
  const folder = await mkdtemp(join(tmpdir(), 'greenlight-triggers-'));
  let prometheus: LocalPrometheus | undefined;
  try {
    const dataDir = join(folder, 'tsdb');
    await createBlocks(recording, dataDir);
    prometheus = await startLocalPrometheus({ dataDir, purpose: 'back-testing triggers offline' });
    const { client } = prometheus;
    const window = runWindow(timeline);
    const byPromtool =
      definition.kind === 'prometheus-rules'
        ? async (run: TriggerRun): Promise<TriggerRun> => {
            const series = await client.rawSamples('{__name__=~".+"}', window.start - 10 * 60_000, window.end);
            return withPromtoolFirings(
              run,
              await alertFiringsByPromtool(definition, definitionFile, series, window, folder),
              definition,
            );
          }
        : undefined;
    return await checkTrigger({
      definition,
      rule,
      timeline,
      ask: (query, at) => client.query(query, at),
      evaluatedWith: 'offline',
      ...(byPromtool ? { firings: byPromtool } : {}),
    });
  } finally {
    await prometheus?.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

/** promtool decides when the alerts fired; a disagreement with the replayed queries is noted. */
function withPromtoolFirings(run: TriggerRun, firings: TriggerRun['firings'], definition: RulesDefinition): TriggerRun {
  const replayed = run.firings[0]?.at;
  const promtool = firings[0]?.at;
  const notes =
    replayed === promtool
      ? run.notes
      : [
          ...run.notes,
          `promtool test rules has ${definition.name} first firing at ${promtool === undefined ? 'no time' : new Date(promtool).toISOString()}, the replayed queries at ${replayed === undefined ? 'no time' : new Date(replayed).toISOString()} (promtool sees the recording one value per second); promtool's is used`,
        ];
  const why = run.firings[0]?.why ?? [];
  return {
    ...run,
    notes,
    firings: firings.map((firing, index) => (index === 0 ? { ...firing, why: [...firing.why, ...why] } : firing)),
  };
}

async function readRun(
  runDir: string,
): Promise<{ timeline: RunInMemory; rules: RollbackRule[]; declared: { file: string; expects: string }[] }> {
  const journalPath = join(runDir, 'journal.ndjson');
  if (!existsSync(journalPath))
    throw new InputError(`${runDir}: no journal.ndjson here; expected a greenlight run folder`);
  const { events } = await readJournal(journalPath);
  const timeline = runInMemory(events);
  if (!timeline) throw new InputError(`${journalPath}: no run.started event: not a greenlight run journal`);
  const experiment = validateExperiment(timeline.started.experiment, `${journalPath}: run.started.experiment`);
  const raw = (timeline.started.experiment as { triggers?: unknown }).triggers;
  const declared = triggersSchema.safeParse(raw ?? []);
  return { timeline, rules: experiment.rollback.rules, declared: declared.success ? declared.data : [] };
}

function defaultExpectation(
  definitionFile: string,
  rules: readonly RollbackRule[],
  declared: readonly { file: string; expects: string }[],
): string {
  const named = declared.find((trigger) => basename(trigger.file) === basename(definitionFile));
  if (named) return named.expects;
  const [only, ...more] = rules;
  if (only && more.length === 0) return only.name;
  throw new InputError(
    `--expects: name the rollback rule this trigger should match (the run's rules: ${rules.map((rule) => `"${rule.name}"`).join(', ') || 'none'})`,
  );
}
