/** Back-testing a team's own rollback triggers (docs/triggers.md): the entry points the runner and the CLI call. */
export { loadTriggerDefinition, type LoadOptions } from './load.js';
export {
  loadExperimentTriggers,
  triggerQueries,
  evaluateTriggersLive,
  type LoadedTrigger,
  type LiveOptions,
} from './live.js';
export { recordTriggerSeries, TRIGGER_SERIES_FILE, type Recording, type RecordOptions } from './record.js';
export { evaluateTriggersOffline, type OfflineOptions } from './offline.js';
