import type { ExperimentInput } from './schema.js';

/**
 * Declares an experiment in a TypeScript file (`export default defineExperiment({...})`).
 * It only gives editors the types; `greenlight` validates the default export when it loads
 * the file, so a plain object works too.
 */
export function defineExperiment(experiment: ExperimentInput): ExperimentInput {
  return experiment;
}
