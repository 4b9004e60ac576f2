import type { Colour } from '../shared/colour.js';

/**
 * summary.json: the contract that CI scripts read. Versioned; fields are only ever added
 * within a schema version.
 */
export const SUMMARY_SCHEMA_VERSION = 1;

export type Verdict = 'pass' | 'fail';

export interface SloResult {
  name: string;
  colour: Colour | 'all';
  phase: string;
  metric: string;
  /** Human-readable objective, e.g. "ttft p95 < 800 ms". */
  objective: string;
  /** The measured value (ratio, ms, rps or count); null when there was no traffic to judge. */
  observed: number | null;
  /** Requests the value was computed from. */
  requests: number;
  pass: boolean;
  reason?: string;
}

export type RuleVerdict = 'fired-in-time' | 'fired-late' | 'missed' | 'false-positive' | 'not-triggered';

export interface RuleResult {
  name: string;
  /** e.g. "green error rate > 5 % over 10s". */
  condition: string;
  verdict: RuleVerdict;
  pass: boolean;
  /** ISO timestamps; null when it did not happen. */
  conditionMetAt: string | null;
  switchedAt: string | null;
  detectionSeconds: number | null;
  budgetSeconds: number;
  /** Requests that failed between the condition being met and the switch. */
  failedRequestsBeforeSwitch: number;
  /** Requests that failed in the seconds around the switch itself. */
  failedRequestsDuringSwitch: number;
  explanation: string;
}

export interface RollbackSummary {
  /** pass when every rule behaved as expected (or there were no rules). */
  verdict: Verdict;
  /** The first rule's figures, for scripts that only look at one trigger. */
  conditionMetAt: string | null;
  switchedAt: string | null;
  detectionSeconds: number | null;
  failedRequestsDuringSwitch: number;
  rules: RuleResult[];
  switches: { at: string; from: string; to: string; reason: string | null }[];
}

export interface Percentiles {
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface LoadSummary {
  engine: string;
  requests: number;
  errors: number;
  targetRps: number;
  achievedRps: number;
  droppedIterations: number;
  outcomes: Record<string, number>;
  latencyMs: Percentiles;
  ttftMs: Percentiles;
  itlMs: Percentiles;
  scheduleLagMs: Percentiles;
  byColour: Record<string, { requests: number; errors: number }>;
}

export interface FaultSummary {
  name: string;
  kind: string;
  target: string;
  description: string;
  appliedAt: string | null;
  revertedAt: string | null;
  error?: string;
}

export interface CleanupAudit {
  /** True when nothing greenlight applied was left behind. */
  clean: boolean;
  leftovers: string[];
}

export interface Summary {
  schemaVersion: number;
  runId: string;
  experiment: string;
  source: string;
  verdict: Verdict;
  /** Why the verdict is what it is, one line per failing check (empty on pass). */
  reasons: string[];
  seed: number;
  startedAt: string;
  endedAt: string | null;
  endReason: string;
  phases: { name: string; startedAt: string; durationMs: number }[];
  slos: SloResult[];
  rollback: RollbackSummary;
  load: LoadSummary;
  faults: FaultSummary[];
  halt: { at: string; reason: string } | null;
  cleanup: CleanupAudit | null;
  journalTruncated: boolean;
}
