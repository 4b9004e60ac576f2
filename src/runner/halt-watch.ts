import type { HaltCondition } from '../experiment/schema.js';
import type { BucketEvent, JournalEvent } from '../journal/events.js';
import { describeCondition } from '../shared/condition.js';
import { conditionMetAt, conditionSeries } from '../evaluate/window.js';

const SECOND = 1000;

/**
 * Watches the journal's buckets as they are written and reports the first halt condition
 * that is met, judged by the same window definition as the evaluator uses afterwards.
 */
export function createHaltWatch(
  conditions: readonly HaltCondition[],
  runStart: number,
  onHalt: (reason: string) => void,
): (event: JournalEvent) => void {
  const span = Math.max(0, ...conditions.map((c) => c.window + c.for)) + SECOND;
  let buckets: BucketEvent[] = [];
  let halted = false;
  return (event) => {
    if (halted || event.type !== 'bucket' || conditions.length === 0) return;
    const until = event.t + SECOND;
    // Only the trailing window matters: keep the buckets it can reach, aligned to run seconds.
    const from = Math.max(runStart, runStart + Math.floor((until - span - runStart) / SECOND) * SECOND);
    buckets = [...buckets.filter((bucket) => bucket.t >= from), event];
    for (const condition of conditions) {
      const metAt = conditionMetAt(condition, conditionSeries(condition, buckets, from, until));
      if (metAt !== undefined) {
        halted = true;
        onHalt(`${condition.name ?? 'halt condition'}: ${describeCondition(condition)}`);
        return;
      }
    }
  };
}
