import type { Options } from 'k6/options';
import type { Workload } from '../../../experiment/load-schema.js';
import type { DatasetPrompt } from '../../workloads/dataset.js';

/** The run-specific data the bundled k6 script carries (inlined by esbuild at build time). */
export interface K6ScriptInput {
  options: Options;
  /** Base URL of the target; `GREENLIGHT_TARGET_URL` in k6's environment overrides it. */
  url: string;
  workload: Workload;
  /** The prompts of each dataset the workload names, read and checked before bundling. */
  datasets: Record<string, DatasetPrompt[]>;
  seed: number;
  timeoutMs: number;
  /** Requests are tagged with the phase they start in, so thresholds can name a phase. */
  phases: { name: string; durationMs: number }[];
}

/**
 * The custom metrics the script writes. Built-in http_* metrics are tagged before the response
 * arrives, so they cannot carry the colour that the response header names; these are.
 */
export const K6_METRICS = {
  /** One sample per request (end-to-end ms); tags colour, outcome, ok, phase; metadata below. */
  request: 'greenlight_request',
  failed: 'greenlight_failed',
  ttft: 'greenlight_ttft',
  succeeded: 'greenlight_succeeded',
} as const;

/** Per-request values that would make tags high-cardinality travel as sample metadata. */
export const K6_METADATA = {
  ttftMs: 'greenlight_ttft_ms',
  inputTokens: 'greenlight_input_tokens',
  outputTokens: 'greenlight_output_tokens',
  outputTokensFrom: 'greenlight_output_tokens_from',
} as const;

/**
 * How a k6 run measures TTFT: stock k6 buffers the body, so the first token is not visible;
 * `res.timings.waiting` (request sent → first response byte) stands in for it.
 */
export const K6_TTFT_METHOD = 'k6-time-to-first-byte';
