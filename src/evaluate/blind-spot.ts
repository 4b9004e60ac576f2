import type { RollbackRule } from '../experiment/schema.js';
import type { BucketEvent } from '../journal/events.js';
import { describeCondition } from '../shared/condition.js';
import { formatOffset, formatSeconds, isoTime } from '../util/format.js';
import type { BucketSink, DecodedBucket, Pending } from './bucket-sink.js';
import type { PhaseWindow, RunIndex } from './run-index.js';
import type { BlindSpotFigure, BlindSpotRule, BlindSpotSummary } from './summary.js';
import { ConditionWindow, conditionMetAt } from './window.js';

/**
 * Failures that arrive inside a 200 answer: a stream cut off, an error event or line in the
 * middle of a stream, a body that is no answer. Users lose the request; a router, a load
 * balancer's health statistics or a trigger that counts status codes sees a success.
 */
export const STATUS_INVISIBLE_OUTCOMES: readonly string[] = ['stream-cut', 'stream-error', 'bad-response'];

/**
 * What a status-code trigger cannot see: per colour and phase, the failed requests whose status
 * was 200; per error-rate rollback rule, when its condition held on all failures (as greenlight
 * judges it) and when it would have held on status-visible failures alone.
 */
export function planBlindSpot(rules: readonly RollbackRule[], index: RunIndex): Pending<BlindSpotSummary> {
  const figures = index.phases.flatMap((phase) =>
    (['blue', 'green'] as const).map((colour) => new PhaseFigure(colour, phase)),
  );
  const judged = rules.map((rule) => planRule(rule, index));
  return {
    sinks: [...figures, ...judged.flatMap((rule) => rule.sinks)],
    result: () => ({
      outcomes: [...STATUS_INVISIBLE_OUTCOMES],
      figures: figures.map((figure) => figure.result()),
      rules: judged.map((rule) => rule.result()),
    }),
  };
}

function invisibleIn(bucket: BucketEvent): number {
  return STATUS_INVISIBLE_OUTCOMES.reduce((sum, outcome) => sum + (bucket.outcomes[outcome] ?? 0), 0);
}

/** One colour's failures in one phase, and those of them inside a 200 answer. */
class PhaseFigure implements BucketSink {
  private requests = 0;
  private errors = 0;
  private readonly byOutcome: Record<string, number> = {};

  constructor(
    private readonly colour: 'blue' | 'green',
    private readonly phase: PhaseWindow,
  ) {}

  accept({ event }: DecodedBucket): void {
    if (event.colour !== this.colour || event.t < this.phase.start || event.t >= this.phase.end) return;
    this.requests += event.requests;
    this.errors += event.errors;
    for (const outcome of STATUS_INVISIBLE_OUTCOMES) {
      const count = event.outcomes[outcome] ?? 0;
      if (count > 0) this.byOutcome[outcome] = (this.byOutcome[outcome] ?? 0) + count;
    }
  }

  result(): BlindSpotFigure {
    const { requests, errors, byOutcome } = this;
    const invisible = Object.values(byOutcome).reduce((sum, count) => sum + count, 0);
    return {
      colour: this.colour,
      phase: this.phase.name,
      requests,
      errors,
      invisible,
      invisibleRate: requests === 0 ? null : invisible / requests,
      invisibleShareOfErrors: errors === 0 ? null : invisible / errors,
      byOutcome,
    };
  }
}

/** An error-rate rule's condition on every failure, and on status-visible failures alone. */
function planRule(rule: RollbackRule, index: RunIndex): Pending<BlindSpotRule> {
  const base = { rule: rule.name, condition: describeCondition(rule) };
  if (rule.metric !== 'error-rate') {
    return {
      sinks: [],
      result: () => ({
        ...base,
        metAt: null,
        metOnStatusCodesAt: null,
        finding: 'not-applicable',
        explanation: `The rule watches ${rule.metric}, which counts successful requests only: failures inside a stream do not change it.`,
      }),
    };
  }
  const { started, endedAt } = index;
  const everyFailure = new ConditionWindow(rule, started.t, endedAt);
  const statusCodes = new ConditionWindow(
    rule,
    started.t,
    endedAt,
    'colour',
    (bucket) => bucket.errors - invisibleIn(bucket),
  );
  return {
    sinks: [everyFailure, statusCodes],
    result: () =>
      judgeRule(
        base,
        started.t,
        conditionMetAt(rule, everyFailure.series()),
        conditionMetAt(rule, statusCodes.series()),
      ),
  };
}

function judgeRule(
  base: Pick<BlindSpotRule, 'rule' | 'condition'>,
  startMs: number,
  all: number | undefined,
  visible: number | undefined,
): BlindSpotRule {
  const at = (t: number | undefined): string | null => (t === undefined ? null : isoTime(t));
  const offset = (t: number): string => formatOffset((t - startMs) / 1000);
  const judged = { ...base, metAt: at(all), metOnStatusCodesAt: at(visible) };
  if (all === undefined) {
    return {
      ...judged,
      finding: 'not-met',
      explanation: 'The condition never held, counting every failure: there was nothing for the trigger to see.',
    };
  }
  if (visible === undefined) {
    return {
      ...judged,
      finding: 'blind',
      explanation: `Counting failures inside 200 answers, the condition held at ${offset(all)}; on status codes alone it never held: a trigger that reads status codes would not have fired.`,
    };
  }
  if (visible > all) {
    return {
      ...judged,
      finding: 'later',
      explanation: `The condition held at ${offset(all)} counting every failure, but only at ${offset(visible)} on status codes alone: a status-code trigger would have fired ${formatSeconds((visible - all) / 1000)} later.`,
    };
  }
  return {
    ...judged,
    finding: 'seen',
    explanation: `The condition held at ${offset(all)} on status codes alone too: a status-code trigger sees what users saw.`,
  };
}
