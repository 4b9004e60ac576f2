export { defineExperiment } from './experiment/define.js';
export type { ExperimentInput, Experiment } from './experiment/schema.js';
export type { FaultInput, FaultTiming } from './experiment/faults-schema.js';
export { presetTiming } from './experiment/preset-timing.js';
export type { ProfileInput } from './experiment/load-schema.js';
export type { Summary } from './evaluate/summary.js';
export { GreenlightError, InputError, EnvironmentError } from './errors.js';
export type { TargetInput } from './experiment/target-schema.js';
