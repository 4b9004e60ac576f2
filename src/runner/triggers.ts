import { errorMessage } from '../errors.js';
import { readJournal } from '../journal/reader.js';
import type { PrometheusClient } from '../metrics/prometheus.js';
import { evaluateTriggersLive, recordTriggerSeries, triggerQueries, type LoadedTrigger } from '../triggers/index.js';
import type { OpenRun } from './run.js';

/**
 * After the run: the series the triggers' queries read are recorded into the run folder (for
 * `greenlight triggers check`), then each trigger is judged live against the run's Prometheus
 * and the results journaled. Never throws: a failure is journaled as the reason there are none.
 */
export async function judgeTriggers(
  run: OpenRun,
  client: PrometheusClient,
  triggers: readonly LoadedTrigger[],
): Promise<void> {
  if (triggers.length === 0) return;
  try {
    const recording = await recordTriggerSeries({
      client,
      runDir: run.runDir,
      queries: triggerQueries(triggers),
      start: run.startAt,
      end: run.clock.now(),
    });
    const { events } = await readJournal(run.journal.path);
    const results = await evaluateTriggersLive({ client, triggers, experiment: run.experiment, events });
    run.events.journal.append({ type: 'triggers.evaluated', t: run.clock.now(), results, recording: recording.file });
  } catch (error) {
    run.events.journal.append({
      type: 'triggers.evaluated',
      t: run.clock.now(),
      results: [],
      error: errorMessage(error),
    });
  }
}
