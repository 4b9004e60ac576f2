export { defineExperiment } from './experiment/define.js';
export type { ExperimentInput, Experiment } from './experiment/schema.js';
export type { Summary } from './evaluate/summary.js';
export { GreenlightError, InputError, EnvironmentError } from './errors.js';
