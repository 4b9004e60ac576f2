import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { aggregate } from '../evaluate/aggregate.js';
import type { RuleVerdict, Verdict } from '../evaluate/summary.js';
import type { BucketEvent } from '../journal/events.js';
import type { ObservedColour } from '../shared/colour.js';
import type { ComparisonTolerances } from './comparison.js';
import { loadRun, type RunRecord } from './run-record.js';
import { compareStatistics } from './statistics.js';
import { DEFAULT_TOLERANCES } from './tolerances.js';

export interface TrendColour {
  requests: number;
  errorRate: number | null;
  latencyP99Ms: number | null;
  ttftP99Ms: number | null;
}

export interface TrendRule {
  name: string;
  verdict: RuleVerdict;
  pass: boolean;
  detectionSeconds: number | null;
  budgetSeconds: number;
  /** Failed requests from the condition until traffic had moved (before and during the switch). */
  lostDuringSwitch: number;
}

/** Something this run does worse than its baseline (the previous run, or the previous N). */
export interface Regression {
  /** e.g. 'verdict', 'rule "green errors"', 'latency (green)'. */
  subject: string;
  message: string;
}

export interface TrendRun {
  dir: string;
  runId: string;
  startedAt: string;
  verdict: Verdict;
  reasons: string[];
  rules: TrendRule[];
  colours: Record<'blue' | 'green', TrendColour>;
  regressions: Regression[];
}

export interface Trend {
  experiment: string;
  /** How many previous runs each run is compared with (1: the previous run). */
  baselineRuns: number;
  runs: TrendRun[];
}

/** A run reduced to what the trend keeps: its figures and one merged bucket per colour. */
interface CollectedRun {
  run: Omit<TrendRun, 'regressions'>;
  merged: BucketEvent[];
}

/**
 * One scenario across its runs: every run folder under `reportsDir` with a journal, of
 * `experiment` (needed when the folder holds several), oldest first, each judged against its
 * baseline: the previous run, or the previous `baselineRuns` runs (their figures' median, their
 * samples pooled for the statistical tests).
 */
export async function collectTrend(
  reportsDir: string,
  options: { experiment?: string; baselineRuns?: number; tolerances?: Partial<ComparisonTolerances> } = {},
): Promise<Trend> {
  const tolerances = { ...DEFAULT_TOLERANCES, ...options.tolerances };
  const baselineRuns = options.baselineRuns ?? 1;
  const records: RunRecord[] = [];
  for (const dir of runFolders(reportsDir)) records.push(await loadRun(dir));
  const experiment = chosenExperiment(records, options.experiment, reportsDir);
  const collected = records
    .filter((record) => record.summary.experiment === experiment)
    .sort((a, b) => Date.parse(a.summary.startedAt) - Date.parse(b.summary.startedAt))
    .map(collect);
  const runs = collected.map((current, index) => ({
    ...current.run,
    regressions: regressions(current, collected.slice(Math.max(0, index - baselineRuns), index), tolerances),
  }));
  return { experiment, baselineRuns, runs };
}

function runFolders(reportsDir: string): string[] {
  if (!existsSync(reportsDir)) throw new InputError(`${reportsDir}: no such folder; expected a reports folder`);
  return readdirSync(reportsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(reportsDir, entry.name, 'journal.ndjson')))
    .map((entry) => join(reportsDir, entry.name))
    .sort();
}

function chosenExperiment(records: readonly RunRecord[], wanted: string | undefined, reportsDir: string): string {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.summary.experiment, (counts.get(record.summary.experiment) ?? 0) + 1);
  const found = [...counts].map(([name, count]) => `${name} (${count})`).join(', ');
  if (wanted !== undefined) {
    if (!counts.has(wanted))
      throw new InputError(`--experiment: no run of "${wanted}" in ${reportsDir}; found ${found || 'no runs'}`);
    return wanted;
  }
  if (counts.size === 0) throw new InputError(`${reportsDir}: no run folders (with journal.ndjson) here`);
  if (counts.size > 1)
    throw new InputError(`${reportsDir} holds runs of several experiments: ${found}; choose one with --experiment`);
  return [...counts.keys()][0] as string;
}

function collect(record: RunRecord): CollectedRun {
  const { summary } = record;
  const buckets = record.events.filter((event): event is BucketEvent => event.type === 'bucket');
  const merged = (['blue', 'green', 'unknown'] as const).map((colour) => mergedBucket(buckets, colour));
  const colour = (name: 'blue' | 'green'): TrendColour => {
    const totals = aggregate(buckets, name);
    const p99 = (value: number | undefined): number | null => (value === undefined ? null : value);
    return {
      requests: totals.requests,
      errorRate: totals.requests === 0 ? null : totals.errors / totals.requests,
      latencyP99Ms: p99(totals.latency.percentileMs(99)),
      ttftP99Ms: p99(totals.ttft.percentileMs(99)),
    };
  };
  return {
    run: {
      dir: record.dir ?? '',
      runId: summary.runId,
      startedAt: summary.startedAt,
      verdict: summary.verdict,
      reasons: summary.reasons,
      rules: summary.rollback.rules.map((rule) => ({
        name: rule.name,
        verdict: rule.verdict,
        pass: rule.pass,
        detectionSeconds: rule.detectionSeconds,
        budgetSeconds: rule.budgetSeconds,
        lostDuringSwitch: rule.failedRequestsBeforeSwitch + rule.failedRequestsDuringSwitch,
      })),
      colours: { blue: colour('blue'), green: colour('green') },
    },
    merged,
  };
}

/** A run's buckets of one colour as one bucket: the samples the statistical tests need, compactly. */
function mergedBucket(buckets: readonly BucketEvent[], colour: ObservedColour): BucketEvent {
  const totals = aggregate(buckets, colour);
  return {
    type: 'bucket',
    t: 0,
    colour,
    requests: totals.requests,
    errors: totals.errors,
    outcomes: totals.outcomes,
    dropped: totals.dropped,
    inputTokens: totals.inputTokens,
    outputTokens: totals.outputTokens,
    latency: totals.latency.encoded(),
    ttft: totals.ttft.encoded(),
    itl: '',
    scheduleLag: '',
  };
}

/**
 * What `current` does worse than its baseline runs: a failing verdict or rule where most of the
 * baseline passed; a detection time more than the timing tolerance over the baseline's median;
 * more requests lost during a switch than the median plus max(5, half of it); latency, TTFT or
 * errors of a colour worse by the release gate's tests against the baseline's pooled samples.
 */
function regressions(
  current: CollectedRun,
  baseline: readonly CollectedRun[],
  tolerances: ComparisonTolerances,
): Regression[] {
  if (baseline.length === 0) return [];
  const mostly = (pass: (run: CollectedRun) => boolean | undefined): boolean =>
    baseline.filter((run) => pass(run) === true).length * 2 > baseline.length;
  const found: Regression[] = [];
  if (current.run.verdict === 'fail' && mostly((run) => run.run.verdict === 'pass'))
    found.push({
      subject: 'verdict',
      message: `the verdict turned to fail: ${current.run.reasons[0] ?? 'see the run'}`,
    });
  for (const rule of current.run.rules) {
    const before = baseline.map((run) => run.run.rules.find((candidate) => candidate.name === rule.name));
    const subject = `rule "${rule.name}"`;
    if (!rule.pass && before.filter((item) => item?.pass).length * 2 > before.length)
      found.push({ subject, message: `${subject} ${rule.verdict}, where the baseline passed` });
    const detection = median(before.map((item) => item?.detectionSeconds ?? null));
    if (
      rule.detectionSeconds !== null &&
      detection !== null &&
      rule.detectionSeconds > detection + tolerances.timingSeconds
    )
      found.push({
        subject,
        message: `${subject} took ${rule.detectionSeconds.toFixed(2)} s to switch, over the baseline's ${detection.toFixed(2)} s by more than ${tolerances.timingSeconds} s`,
      });
    const lost = median(before.map((item) => item?.lostDuringSwitch ?? null));
    if (lost !== null && rule.lostDuringSwitch > lost + Math.max(5, lost / 2))
      found.push({
        subject,
        message: `${subject} lost ${rule.lostDuringSwitch} requests during the switch, against the baseline's ${lost}`,
      });
  }
  const pooled = baseline.flatMap((run) => run.merged);
  const names = { a: 'the baseline', b: 'this run' };
  for (const item of compareStatistics(pooled, current.merged, tolerances, names)) {
    if (item.finding === 'worse' && item.colour !== 'all')
      found.push({ subject: `${item.metric} (${item.colour})`, message: `${item.colour}: ${item.explanation}` });
  }
  return found;
}

function median(values: readonly (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  if (known.length === 0) return null;
  const middle = Math.floor(known.length / 2);
  return known.length % 2 === 1
    ? (known[middle] as number)
    : ((known[middle - 1] as number) + (known[middle] as number)) / 2;
}
