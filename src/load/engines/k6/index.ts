export { K6Engine, K6_RESULTS_FILE, type K6EngineOptions } from './k6-engine.js';
export { findK6Binary, K6_INSTALL_HINT } from './binary.js';
export { writeK6Files, K6_SCRIPT_FILE, K6_OPTIONS_FILE, type K6Files, type K6RunSpec } from './generate.js';
export { MAX_RELATIVE_ERROR } from './rate-stages.js';
export { buildK6Options } from './options.js';
