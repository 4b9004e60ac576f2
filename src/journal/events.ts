import type { TriggerResult } from '../evaluate/summary.js';
import type { Colour, ObservedColour } from '../shared/colour.js';

/**
 * The journal is an append-only NDJSON file of these events. Engines, the fault scheduler and
 * router observers write them; evaluators and reports only read them. `t` is always
 * milliseconds since the Unix epoch.
 */
export const JOURNAL_VERSION = 1;

export interface RunStartedEvent {
  type: 'run.started';
  t: number;
  journalVersion: number;
  runId: string;
  seed: number;
  engine: string;
  /** The validated experiment, as plain data: enough to re-evaluate from the journal alone. */
  experiment: unknown;
  /** Where the experiment came from (file path or 'embedded default'). */
  source: string;
}

export interface PhaseStartedEvent {
  type: 'phase.started';
  t: number;
  name: string;
  /** Planned length of the phase in milliseconds. */
  durationMs: number;
}

export interface FaultAppliedEvent {
  type: 'fault.applied';
  t: number;
  name: string;
  kind: string;
  target: string;
  description: string;
}

/** A live fault changed in place: one step of a ramp (the toxic updated, not re-applied). */
export interface FaultUpdatedEvent {
  type: 'fault.updated';
  t: number;
  name: string;
  kind: string;
  target: string;
  description: string;
}

export interface FaultRevertedEvent {
  type: 'fault.reverted';
  t: number;
  name: string;
  kind: string;
  target: string;
}

export interface FaultFailedEvent {
  type: 'fault.failed';
  t: number;
  name: string;
  kind: string;
  target: string;
  action: 'apply' | 'update' | 'revert';
  error: string;
}

/** The router's traffic split as an observer saw it; written at start and on every change. */
export interface RouterStateEvent {
  type: 'router.state';
  t: number;
  active: Colour | 'split';
  weights: Record<Colour, number>;
  /** Why the router says it changed, when it says (the reference controller records reasons). */
  reason?: string;
}

export interface HaltEvent {
  type: 'halt';
  t: number;
  reason: string;
}

export interface LoadTargetEvent {
  type: 'load.target';
  t: number;
  /** Planned arrivals per second at t, as the profile defines it. */
  rps: number;
}

/**
 * How an engine measured and shaped the load where that differs from the exact schedule and
 * chunk-by-chunk timing of the native engine (the k6 engine writes it once, at the start).
 */
export interface LoadMethodEvent {
  type: 'load.method';
  t: number;
  engine: string;
  /** How TTFT was measured, e.g. 'k6-time-to-first-byte'. */
  ttftMethod: string;
  /** Largest relative error of the profile as the engine runs it (k6's linear stages). */
  profileMaxRelativeError?: number;
  /** SLOs the engine's own pass/fail (k6 thresholds) could not express, with why. */
  notes?: string[];
}

/**
 * How the load generator itself fared in one second: a client that lags or runs out of CPU
 * measures its own delays, not the target's. The native engine writes one per second (per
 * worker thread when it runs several).
 */
export interface LoadClientEvent {
  type: 'load.client';
  /** Start of the second measured (ms since epoch). */
  t: number;
  /** The engine's worker thread (0-based) when it runs several; absent when it runs one. */
  worker?: number;
  /** How late the event loop ran a timer in this second (perf_hooks monitorEventLoopDelay), ms. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** Share of the second the event loop was busy (performance.eventLoopUtilization), 0..1. */
  eventLoopUtilization: number;
  /** CPU time (user + system) of the whole process in this second, ms; written by the main thread only. */
  cpuMs?: number;
}

/** One second of one colour's traffic, as the load engine measured it. */
export interface BucketEvent {
  type: 'bucket';
  /** Start of the second (ms since epoch, a multiple of 1000 after the run start's offset). */
  t: number;
  colour: ObservedColour;
  /** Requests that completed (ok or failed) in this second. */
  requests: number;
  errors: number;
  /** Count by HTTP status ('200', '503') or error class ('timeout', 'refused', 'reset', 'stream-cut'). */
  outcomes: Record<string, number>;
  /** Arrivals the engine could not start (no free slot): never silently delayed. */
  dropped: number;
  inputTokens: number;
  outputTokens: number;
  /** HDR histograms (compressed base64, microseconds); '' when empty. */
  latency: string;
  ttft: string;
  itl: string;
  /** Lateness of actual start versus planned start. */
  scheduleLag: string;
  /** Time per output token of each successful request with 2+ tokens: (e2e − TTFT) / (tokens − 1). */
  tpot?: string;
  /** Successful requests that met every per-request goodput objective (all successes when none). */
  good?: number;
  /** Requests whose output tokens the service counted (usage), or the engine counted as content chunks. */
  outputTokensFromUsage?: number;
  outputTokensFromChunks?: number;
}

/** What greenlight found left behind after reverting its faults (see the cleanup audit). */
export interface CleanupAuditedEvent {
  type: 'cleanup.audited';
  t: number;
  clean: boolean;
  leftovers: string[];
}

export interface RunEndedEvent {
  type: 'run.ended';
  t: number;
  reason: 'completed' | 'halted' | 'interrupted' | 'error' | 'steady-state-not-met';
  detail?: string;
}

/**
 * The team's own trigger definitions, judged after the run against its Prometheus (written after
 * `run.ended`: it is analysis of the run, not part of it). `error` says why there are no results.
 */
export interface TriggersEvaluatedEvent {
  type: 'triggers.evaluated';
  t: number;
  results: TriggerResult[];
  /** The recording of the series the triggers read, in the run folder. */
  recording?: string;
  error?: string;
}

/** One SLO judged over the steady-state window. */
export interface SteadyStateCheck {
  name: string;
  colour: string;
  metric: string;
  objective: string;
  observed: number | null;
  requests: number;
  pass: boolean;
  reason?: string;
}

/**
 * The steady-state hypothesis, checked when the first fault is due: the SLOs that apply to the
 * phase before it, over that phase up to the fault. Faults are injected only when it is met.
 */
export interface SteadyStateEvent {
  type: 'steady-state';
  t: number;
  /** The phase the window lies in. */
  phase: string;
  /** The window judged, ms since epoch. */
  from: number;
  to: number;
  met: boolean;
  checks: SteadyStateCheck[];
  /** Why nothing was checked (`met` is then true): no window before the first fault, no SLO for it. */
  skipped?: string;
}

/** A PromQL SLO's range query, asked once the load has ended (see src/runner/promql.ts). */
export interface PromqlQueriedEvent {
  type: 'promql.queried';
  t: number;
  /** The SLO's name. */
  name: string;
  /** The query as sent (`$__range` replaced). */
  query: string;
  /** The range asked, ms since epoch. */
  start: number;
  end: number;
  /** Each series' labels and [seconds since epoch, value] points. */
  series: { metric: Record<string, string>; values: [number, number][] }[];
  /** Why there is no answer (Prometheus unreachable, the query refused). */
  error?: string;
}

/** One way to the model (direct to a colour, or through the router) as the router-cost check measured it. */
export interface RouterCostPath {
  /** Requests measured (warm-up requests excluded). */
  requests: number;
  errors: number;
  /** Medians over the successful requests, ms; null without any (TTFT also when nothing streamed). */
  ttftP50Ms: number | null;
  latencyP50Ms: number | null;
}

/** What the router adds for the requests one colour served. */
export interface RouterCostColour {
  /** 'unknown' when the router does not name the colour that served (no x-greenlight-colour). */
  colour: ObservedColour;
  direct: RouterCostPath;
  viaRouter: RouterCostPath;
  /** Router median minus direct median, ms; null when either side has none. */
  addedTtftMs: number | null;
  addedLatencyMs: number | null;
}

/**
 * The router's own cost, measured during the baseline: the same workload sent alternately to each
 * colour directly and through the router (src/targets/router-cost/).
 */
export interface RouterCostEvent {
  type: 'router.cost';
  /** When the measurement started. */
  t: number;
  durationMs: number;
  /** 'haproxy', 'nginx' or 'unknown': what the router was taken to be (declared, or its Server header). */
  router: string;
  colours: RouterCostColour[];
  /** The router delays the first tokens of streamed answers well beyond what it adds to the whole answer. */
  holdsBackFirstTokens: boolean;
  /** The configuration change that stops it, when it holds back first tokens. */
  fix?: string;
  /** Why the check could not judge (nothing streamed, too few answers). */
  note?: string;
}

export type JournalEvent =
  | RunStartedEvent
  | PhaseStartedEvent
  | FaultAppliedEvent
  | FaultUpdatedEvent
  | FaultRevertedEvent
  | FaultFailedEvent
  | RouterStateEvent
  | HaltEvent
  | LoadTargetEvent
  | LoadMethodEvent
  | LoadClientEvent
  | BucketEvent
  | CleanupAuditedEvent
  | RunEndedEvent
  | PromqlQueriedEvent
  | SteadyStateEvent
  | TriggersEvaluatedEvent
  | RouterCostEvent;

/** What writers need: engines, the scheduler and observers only ever append. */
export interface JournalSink {
  append(event: JournalEvent): void;
}
