import { dirname, resolve } from 'node:path';
import type { Experiment } from '../experiment/schema.js';
import type { TriggerSpec } from '../experiment/triggers-schema.js';
import type { JournalEvent } from '../journal/events.js';
import { InputError } from '../errors.js';
import type { TriggerResult } from '../evaluate/summary.js';
import { runInMemory } from '../evaluate/run-index.js';
import type { PrometheusClient } from '../metrics/prometheus.js';
import { queriesOf, type TriggerDefinition } from './definition.js';
import { checkTrigger, ruleNamed } from './evaluate.js';
import { loadTriggerDefinition } from './load.js';

export interface LoadedTrigger {
  spec: TriggerSpec;
  definition: TriggerDefinition;
}

/**
 * The experiment's `triggers`, each definition read and checked and its `expects` matched to a
 * rollback rule: call it when the experiment is validated, so a broken definition is exit 2
 * before anything runs. Files are relative to the experiment file.
 */
export function loadExperimentTriggers(
  triggers: readonly TriggerSpec[],
  experiment: Pick<Experiment, 'rollback'>,
  experimentFile: string,
): LoadedTrigger[] {
  return triggers.map((spec, index) => {
    const where = `triggers.${index}`;
    ruleNamed(experiment.rollback.rules, spec.expects, where);
    const file = resolve(dirname(experimentFile), spec.file);
    return {
      spec,
      definition: loadTriggerDefinition(file, { ...(spec.kind ? { kind: spec.kind } : {}), args: spec.args }),
    };
  });
}

/** Every query of the run's triggers: what `recordTriggerSeries` keeps the series of. */
export function triggerQueries(triggers: readonly LoadedTrigger[]): string[] {
  return triggers.flatMap((trigger) => queriesOf(trigger.definition));
}

export interface LiveOptions {
  client: PrometheusClient;
  triggers: readonly LoadedTrigger[];
  experiment: Pick<Experiment, 'rollback'>;
  /** The run's journal, ended (`run.ended` written). */
  events: readonly JournalEvent[];
}

/**
 * After a run, once the last scrapes have landed: each trigger's queries asked of the run's
 * Prometheus at the moments its own schedule runs them (instant queries dated to each moment),
 * its own logic deciding when it would have fired, judged against its rule's condition timeline.
 */
export async function evaluateTriggersLive(options: LiveOptions): Promise<TriggerResult[]> {
  const timeline = runInMemory([...options.events]);
  if (!timeline) throw new InputError('the journal has no run.started event: not a greenlight run journal');
  const results: TriggerResult[] = [];
  for (const [index, { spec, definition }] of options.triggers.entries()) {
    results.push(
      await checkTrigger({
        definition,
        rule: ruleNamed(options.experiment.rollback.rules, spec.expects, `triggers.${index}`),
        timeline,
        ask: (query, at) => options.client.query(query, at),
        evaluatedWith: 'live',
      }),
    );
  }
  return results;
}
