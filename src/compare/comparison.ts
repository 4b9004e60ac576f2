import type { Colour } from '../shared/colour.js';
import type { RuleVerdict, Verdict } from '../evaluate/summary.js';

/** What part of a run a difference is about. */
export type DifferenceAspect =
  'setup' | 'verdict' | 'rollback-rule' | 'slo' | 'fault' | 'switch' | 'arrivals' | 'latency' | 'ttft' | 'error-rate';

/** One thing that differs between run A and run B. */
export interface Difference {
  aspect: DifferenceAspect;
  /** What differs, e.g. 'rollback rule "green errors"' or 'router switch 1'. */
  subject: string;
  /** Its value in each run, as text ('—' where the run has none). */
  a: string;
  b: string;
  /** True when B does not reproduce A because of it (see ComparisonTolerances). */
  breaksReproduction: boolean;
  /** One sentence saying what differs. */
  message: string;
}

/** How close B must come to A to reproduce it. Anything not listed must match exactly. */
export interface ComparisonTolerances {
  /** Condition-met moments, switches and detection times: two 1-second buckets. */
  timingSeconds: number;
  /** When each fault step happened (the schedule is the seed's; applying takes a moment). */
  faultSeconds: number;
  /** The statistical tests: one minus the false-alarm rate. */
  confidence: number;
  /** Relative shift of latency / TTFT (0.05 = 5 %) and absolute shift of the error rate that count as real. */
  latencyMargin: number;
  ttftMargin: number;
  errorRateMargin: number;
  /** Fewer samples than this in either run: not enough data to say. */
  minSamples: number;
}

export interface RunFacts {
  runId: string;
  dir: string | undefined;
  experiment: string;
  seed: number;
  engine: string;
  startedAt: string;
  verdict: Verdict;
  endReason: string;
  requests: number;
  errors: number;
}

/** A rule in one run, times in seconds since that run's start. */
export interface RuleSide {
  verdict: RuleVerdict;
  pass: boolean;
  conditionMetAt: number | null;
  switchedAt: number | null;
  detectionSeconds: number | null;
  budgetSeconds: number;
  failedRequestsDuringSwitch: number;
}

export interface RuleComparison {
  name: string;
  a: RuleSide | null;
  b: RuleSide | null;
}

export interface SloSide {
  observed: number | null;
  pass: boolean;
}

export interface SloComparison {
  name: string;
  colour: string;
  phase: string;
  metric: string;
  objective: string;
  a: SloSide | null;
  b: SloSide | null;
}

/** One step of the fault timeline, in seconds since the run's start. */
export interface FaultStep {
  at: number;
  action: 'applied' | 'updated' | 'reverted' | 'failed';
  name: string;
  kind: string;
  target: string;
  description: string;
}

/** A change of the router's split, in seconds since the run's start. */
export interface SwitchStep {
  at: number;
  from: string;
  to: string;
}

/** Per second of each run: planned arrivals (load.target) and arrivals made (sent or dropped). */
export interface ArrivalComparison {
  plannedA: number[];
  plannedB: number[];
  /** The planned timelines are the same, second by second. */
  samePlan: boolean;
  /** Requests completed, cancelled or dropped, by the second they ended in (dropped: planned in). */
  madeA: number[];
  madeB: number[];
  totalA: number;
  totalB: number;
  droppedA: number;
  droppedB: number;
}

export type Finding = 'worse' | 'better' | 'no-real-difference' | 'not-enough-data';

/** A statistical comparison of one metric of one colour: B against A. */
export interface MetricComparison {
  metric: 'latency' | 'ttft' | 'error-rate';
  colour: Colour | 'all';
  test: 'mann-whitney-u' | 'two-proportion-z';
  samplesA: number;
  samplesB: number;
  /** Medians in ms, or error rates; null without samples. */
  valueA: number | null;
  valueB: number | null;
  /** B's median / A's, or B's rate − A's. */
  effect: number | null;
  margin: number;
  /** One-sided p-values: B worse than A beyond the margin, and B better beyond it. */
  pWorse: number | null;
  pBetter: number | null;
  finding: Finding;
  explanation: string;
}

/** Run B compared with run A: what `greenlight diff` shows and `greenlight replay` judges. */
export interface RunComparison {
  a: RunFacts;
  b: RunFacts;
  /** B reproduces A: no difference that breaks reproduction. */
  reproduced: boolean;
  /** Every difference found, those that break reproduction first. */
  differences: Difference[];
  tolerances: ComparisonTolerances;
  rules: RuleComparison[];
  slos: SloComparison[];
  faults: { a: FaultStep[]; b: FaultStep[] };
  switches: { a: SwitchStep[]; b: SwitchStep[] };
  arrivals: ArrivalComparison;
  statistics: MetricComparison[];
}
