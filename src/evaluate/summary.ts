import type { RouterCostColour, SteadyStateCheck } from '../journal/events.js';
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
  /** Burn-rate window pairs, when the SLO declares them. */
  burnRate?: BurnRateResult[];
}

export interface BurnRateResult {
  long: string;
  short: string;
  factor: number;
  /** Highest burn rate that held over both windows at once; null when no window had enough requests. */
  peak: number | null;
  /** First moment both windows burned faster than `factor`; null when they never did. */
  firedAt: string | null;
}

export type RuleVerdict = 'fired-in-time' | 'fired-late' | 'missed' | 'false-positive' | 'not-triggered' | 'flapping';

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
  /**
   * Seconds from the switch until the rule's condition, evaluated on all traffic, stopped
   * breaching for the rest of the run; null without a switch or when it never did.
   */
  recoverySeconds: number | null;
  /** Switches of traffic to `switchTo` during the run (more than one is flapping). */
  switchesToTarget: number;
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
  /** Every change of the split; `from`/`to` name the active colour (or split), `weights` the percentages. */
  switches: {
    at: string;
    from: string;
    to: string;
    reason: string | null;
    weights?: { from: Record<Colour, number>; to: Record<Colour, number> };
  }[];
}

/**
 * One stage of a staged canary promotion. on-time: reached `every` after the previous stage
 * (within the tolerance); off-schedule: reached too early or too late; halted: not reached
 * because a rollback stopped the promotion; not-due: the run ended first; missing: never
 * reached though due; reached-after-rollback: the promotion went on after a rollback.
 */
export type CanaryStageStatus =
  'on-time' | 'off-schedule' | 'halted' | 'not-due' | 'missing' | 'reached-after-rollback';

export interface CanaryStageResult {
  /** 1-based. */
  stage: number;
  greenPercent: number;
  plannedAt: string | null;
  reachedAt: string | null;
  status: CanaryStageStatus;
  pass: boolean;
  /** Green's share of the requests while the stage held (from 2 s after it was reached); informational. */
  observedGreenShare: number | null;
}

export interface CanarySummary {
  verdict: Verdict;
  everySeconds: number;
  toleranceSeconds: number;
  /** The first change that lowered green's share, which halts the promotion. */
  rolledBackAt: string | null;
  stages: CanaryStageResult[];
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
  /** 'open': arrivals follow the profile; 'closed': `concurrency` requests in flight (targetRps 0). */
  model?: 'open' | 'closed';
  concurrency?: number;
  /** Time per output token, per request: (e2e − TTFT) / (output tokens − 1), as vLLM defines it. */
  tpotMs?: Percentiles;
  inputTokens?: number;
  outputTokens?: number;
  outputTokensPerSecond?: number;
  /** How tokens were counted: prompts by the service's usage; outputs by usage or by content chunks. */
  tokenCounting?: TokenCounting;
  goodput?: GoodputSummary;
  /** How TTFT was measured: 'first-token' (native engine) or the engine's stated method (k6). */
  ttftMethod?: string;
  /** Largest relative error of the profile as the engine ran it (k6's linear stages). */
  profileMaxRelativeError?: number;
  /** How the load generator itself fared (native engine), and whether it was the bottleneck. */
  client?: ClientSummary;
}

/** The load generator's own health over the run, from its `load.client` events. */
export interface ClientSummary {
  /** How late the engine's event loops ran timers: the typical second's p99, the worst second's p99, the largest. */
  eventLoopDelayMs: { medianSecondP99: number | null; worstSecondP99: number | null; max: number | null };
  /** Busy share of the engine's event loops, 0..1: over all seconds, and the busiest second. */
  eventLoopUtilization: { mean: number | null; max: number | null };
  /** CPU time (user + system) of the load process over the run, and per completed request. */
  cpuMs: number | null;
  cpuPerRequestUs: number | null;
  /** Seconds (of each event loop) whose delay p99 was above the threshold, of all measured. */
  laggingSeconds: number;
  seconds: number;
  /** Dropped arrivals over planned ones (sent + dropped). */
  droppedShare: number | null;
  /** The client, not the target, set the figures: its lag or its drops were above the thresholds. */
  bottleneck: boolean;
  reasons: string[];
  /** load.clientBottleneck: 'warn' reports a bottleneck; 'fail' also fails the verdict. */
  onBottleneck: 'warn' | 'fail';
  thresholds: { eventLoopDelayP99Ms: number; laggingSecondsShare: number; droppedShare: number };
}

export interface TokenCounting {
  inputTokens: 'usage';
  /** 'mixed' when some requests' outputs were counted one way and some the other. */
  outputTokens: 'usage' | 'chunks' | 'mixed' | 'none';
  requestsCountedByUsage: number;
  requestsCountedByChunks: number;
}

export interface GoodputSummary {
  /** Per-request objectives in ms; a request is good when it succeeded and met all of them. */
  objectives: { ttftMs?: number; tpotMs?: number; e2eMs?: number };
  goodRequests: number;
  /** Good requests / requests; null without requests. */
  ratio: number | null;
  /** Good requests per second. */
  rps: number;
}

export interface FaultSummary {
  name: string;
  kind: string;
  target: string;
  description: string;
  /** The first time it was applied (a repeated fault is applied once per window). */
  appliedAt: string | null;
  /** The last time it was reverted. */
  revertedAt: string | null;
  /** How many windows it was applied in. */
  timesApplied?: number;
  error?: string;
}

/** The steady-state check before the first fault (null in summary.json when the run had no faults). */
export interface SteadyStateSummary {
  /** False when there was nothing to check (see `skipped`). */
  checked: boolean;
  met: boolean;
  phase: string;
  from: string;
  to: string;
  checks: SteadyStateCheck[];
  skipped?: string;
}

export interface CleanupAudit {
  /** True when nothing greenlight applied was left behind. */
  clean: boolean;
  leftovers: string[];
}

export interface GateComparison {
  /** 'latency', 'ttft' or 'error-rate'. */
  metric: string;
  test: 'mann-whitney-u' | 'two-proportion-z';
  /** Samples per colour: successful requests (latency, TTFT) or all requests (error rate). */
  blueSamples: number;
  greenSamples: number;
  /** Medians in ms, or error rates; null without samples. */
  blueValue: number | null;
  greenValue: number | null;
  /** U of green against blue scaled by the margin, or the z of the proportions; null without data. */
  statistic: number | null;
  pValue: number | null;
  /** Green median / blue median, or green rate − blue rate. */
  effect: number | null;
  effectKind: 'median-ratio' | 'rate-difference';
  margin: number;
  decision: Verdict;
  explanation: string;
}

/** The release gate: green (candidate) against blue (baseline). */
export interface GateSummary {
  verdict: Verdict;
  confidence: number;
  phase: string;
  comparisons: GateComparison[];
}

/**
 * How a team's own trigger definition (Argo AnalysisTemplate, Flagger Canary analysis, Prometheus
 * alerting rules) would have behaved in this run, against the greenlight rule it is expected to
 * match (docs/triggers.md). `low-traffic`: the trigger never fired while the condition held, but
 * it only ever looked at too few requests to be judged a miss.
 */
export type TriggerVerdict =
  'fired-in-time' | 'fired-late' | 'missed' | 'false-positive' | 'not-triggered' | 'flapping' | 'low-traffic';

export type TriggerKind = 'argo' | 'flagger' | 'prometheus-rules';

/** One query the trigger asked at one moment of its schedule, and what its own logic made of it. */
export interface TriggerMeasurement {
  at: string;
  /** The Argo metric, Flagger metric or alert the query belongs to. */
  check: string;
  /** The values the query returned (empty: no data). */
  values: number[];
  outcome: 'ok' | 'failed' | 'inconclusive' | 'error';
  detail?: string;
}

export interface TriggerResult {
  /** The definition's name (metadata.name, or the rule file's name). */
  name: string;
  file: string;
  kind: TriggerKind;
  /** The greenlight rollback rule that states what should have happened. */
  expects: string;
  condition: string;
  verdict: TriggerVerdict;
  pass: boolean;
  conditionMetAt: string | null;
  /** When the trigger would have aborted, rolled back or fired. */
  firedAt: string | null;
  detectionSeconds: number | null;
  budgetSeconds: number;
  /** What firing means for this kind: abort the rollout, roll back the canary, fire an alert. */
  action: string;
  /** The fastest the trigger's own configuration can detect a breach, worst case. */
  bound: { seconds: number; formula: string; meetsBudget: boolean };
  /** The failed measurements that made it fire. */
  why: string[];
  measurements: TriggerMeasurement[];
  explanation: string;
  /** 'live': asked of the run's Prometheus; 'offline': replayed from the run folder's recording. */
  evaluatedWith: 'live' | 'offline';
  notes: string[];
}

/**
 * What the router itself adds, measured during the baseline where the target declares direct
 * colour URLs: per colour, medians direct and through the router. Informational: it does not
 * change the verdict, but a router that holds back first tokens is named with its fix.
 */
export interface RouterCostSummary {
  measuredAt: string;
  durationMs: number;
  /** 'haproxy', 'nginx' or 'unknown'. */
  router: string;
  colours: RouterCostColour[];
  holdsBackFirstTokens: boolean;
  fix: string | null;
  note: string | null;
}

/** One colour in one phase: failed requests whose HTTP status was 200 (see evaluate/blind-spot.ts). */
export interface BlindSpotFigure {
  colour: 'blue' | 'green';
  phase: string;
  requests: number;
  errors: number;
  /** Failures a status code does not show: a stream cut, an error inside a stream, a broken body. */
  invisible: number;
  /** invisible / requests; null without requests. */
  invisibleRate: number | null;
  /** invisible / errors: the share of failures a status-code trigger cannot see; null without errors. */
  invisibleShareOfErrors: number | null;
  byOutcome: Record<string, number>;
}

/**
 * A rollback rule seen by a trigger that reads status codes: blind (its condition held only
 * with the invisible failures), later (it would have held later), seen (at the same moment),
 * not-met (never held at all), not-applicable (not an error-rate rule).
 */
export interface BlindSpotRule {
  rule: string;
  condition: string;
  /** When the condition held counting every failure, and counting status-visible failures only. */
  metAt: string | null;
  metOnStatusCodesAt: string | null;
  finding: 'blind' | 'later' | 'seen' | 'not-met' | 'not-applicable';
  explanation: string;
}

/** What a router or a status-code trigger cannot see. */
export interface BlindSpotSummary {
  /** The outcome classes counted as invisible. */
  outcomes: string[];
  figures: BlindSpotFigure[];
  rules: BlindSpotRule[];
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
  /** The steady-state check before the first fault; null when the run had no faults to guard. */
  steadyState: SteadyStateSummary | null;
  cleanup: CleanupAudit | null;
  journalTruncated: boolean;
  /** Present when the experiment declares a staged canary promotion. */
  canary?: CanarySummary;
  /** Present when the experiment declares a release gate (`greenlight gate`). */
  gate?: GateSummary;
  /** Present when the experiment names trigger definitions (`triggers`). */
  triggers?: TriggerResult[];
  /** Present when the baseline measured the router's own cost (see RouterCostSummary). */
  routerCost?: RouterCostSummary;
  /** Failures inside 200 answers, per colour and phase, and what a status-code trigger would have done. */
  blindSpot?: BlindSpotSummary;
}
