export { K6Engine, type K6EngineOptions } from './k6-engine.js';
export { K6_RESULTS_FILE, k6ResultsPath, k6RunArguments, shellCommand } from './command.js';
export { findK6Binary, K6_INSTALL_HINT } from './binary.js';
export { writeK6Files, K6_SCRIPT_FILE, K6_OPTIONS_FILE, type K6Files, type K6RunSpec } from './generate.js';
export { MAX_RELATIVE_ERROR } from './rate-stages.js';
export { buildK6Options } from './options.js';
export { operatorManifest, type OperatorManifestSpec } from './operator-manifest.js';
