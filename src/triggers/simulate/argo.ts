import { errorMessage } from '../../errors.js';
import type { ArgoDefinition, ArgoMetric } from '../definition.js';
import {
  formatValues,
  momentsOf,
  valuesOf,
  type AskPrometheus,
  type Measured,
  type RunWindow,
  type TriggerRun,
} from '../run.js';

type Phase = 'ok' | 'failed' | 'inconclusive' | 'error';

interface MetricState {
  metric: ArgoMetric;
  failed: number;
  inconclusive: number;
  consecutiveErrors: number;
  failures: string[];
}

/**
 * An AnalysisRun over the run, as Argo's controller (analysis/analysis.go) runs it: each metric
 * measures at `initialDelay`, then every `interval`, up to `count`; a measurement is judged by
 * utils/evaluate/evaluate.go (no success condition: failed when the failure condition holds, and
 * the other way round; neither holding with both given is inconclusive; an error in the query or
 * the condition is an Error). The metric fails when failed > failureLimit, ends inconclusive
 * when inconclusive > inconclusiveLimit, and errors when consecutive errors > consecutiveErrorLimit.
 * A failed or errored metric fails the run and the Rollout aborts: that moment is when it fired.
 */
export async function simulateArgo(
  definition: ArgoDefinition,
  ask: AskPrometheus,
  window: RunWindow,
): Promise<TriggerRun> {
  const states = definition.metrics.map((metric): MetricState => ({
    metric,
    failed: 0,
    inconclusive: 0,
    consecutiveErrors: 0,
    failures: [],
  }));
  const schedule = states
    .flatMap((state) =>
      momentsOf(
        window.start + state.metric.initialDelayMs,
        state.metric.intervalMs,
        window.end,
        state.metric.count,
      ).map((at) => ({ at, state })),
    )
    .sort((a, b) => a.at - b.at);
  const run: TriggerRun = { measurements: [], firings: [], action: 'abort the rollout', notes: [...definition.notes] };
  for (const { at, state } of schedule) {
    const measured = await measure(state.metric, ask, at);
    run.measurements.push(measured);
    const ended = assess(state, measured);
    if (ended === 'inconclusive') {
      run.notes.push(
        `metric "${state.metric.name}" ended Inconclusive at its measurement ${run.measurements.length}: Argo pauses the rollout for a person to decide; nothing rolls back by itself`,
      );
      return run;
    }
    if (ended !== undefined) {
      run.firings.push({ at, why: [ended, ...state.failures] });
      return run;
    }
  }
  return run;
}

async function measure(metric: ArgoMetric, ask: AskPrometheus, at: number): Promise<Measured> {
  const base = { at, check: metric.name };
  let values: number[];
  let result: unknown;
  try {
    const answer = await ask(metric.query, at);
    values = valuesOf(answer);
    result = answer.kind === 'scalar' ? answer.value : values;
  } catch (error) {
    return { ...base, values: [], outcome: 'error', detail: `query failed: ${errorMessage(error)}` };
  }
  try {
    const { phase, detail } = judge(metric, result);
    return { ...base, values, outcome: phase, detail };
  } catch (error) {
    return { ...base, values, outcome: 'error', detail: `condition error: ${errorMessage(error)}` };
  }
}

function judge(metric: ArgoMetric, result: unknown): { phase: Phase; detail: string } {
  const success = metric.successCondition;
  const failure = metric.failureCondition;
  if (!success && !failure) return { phase: 'ok', detail: 'no condition: always successful' };
  const succeeded = success ? success.test(result) : undefined;
  const failed = failure ? failure.test(result) : undefined;
  if (failed ?? succeeded === false) {
    return {
      phase: 'failed',
      detail:
        failure && failed
          ? `failureCondition ${failure.text} holds`
          : `successCondition ${success?.text ?? ''} does not hold`,
    };
  }
  if (succeeded ?? failed === false) return { phase: 'ok', detail: 'successful' };
  return { phase: 'inconclusive', detail: 'neither condition holds' };
}

/** Counts the measurement; returns why the metric ended badly, 'inconclusive', or undefined. */
function assess(state: MetricState, measured: Measured): string | 'inconclusive' | undefined {
  const { metric } = state;
  const line = `${metric.name}: ${formatValues(measured.values)} ${measured.detail ?? ''}`.trim();
  switch (measured.outcome) {
    case 'failed':
      state.failed++;
      state.consecutiveErrors = 0;
      state.failures.push(line);
      return state.failed > metric.failureLimit
        ? `${metric.name} failed ${state.failed} times > failureLimit ${metric.failureLimit}`
        : undefined;
    case 'inconclusive':
      state.inconclusive++;
      state.consecutiveErrors = 0;
      return state.inconclusive > metric.inconclusiveLimit ? 'inconclusive' : undefined;
    case 'error':
      state.consecutiveErrors++;
      state.failures.push(line);
      return state.consecutiveErrors > metric.consecutiveErrorLimit
        ? `${metric.name} errored ${state.consecutiveErrors} times in a row > consecutiveErrorLimit ${metric.consecutiveErrorLimit}`
        : undefined;
    case 'ok':
      state.consecutiveErrors = 0;
      return undefined;
  }
}
