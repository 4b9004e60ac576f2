import { describe, expect, it } from 'vitest';
import { runArrivalLoop } from '../../../../src/load/engines/native/arrival-loop.js';

describe('runArrivalLoop', () => {
  it('starts overdue arrivals at once, in order, with their planned times, then waits for the rest', async () => {
    const startAt = Date.now() - 1_000;
    const calls: { planned: number; at: number }[] = [];
    await runArrivalLoop({
      startAt,
      offsets: [0, 500, 900, 1_150][Symbol.iterator](),
      now: Date.now,
      onArrival: (planned) => calls.push({ planned, at: Date.now() }),
      signal: new AbortController().signal,
    });
    expect(calls.map((call) => call.planned - startAt)).toEqual([0, 500, 900, 1_150]);
    expect(calls[3]!.at).toBeGreaterThanOrEqual(startAt + 1_150);
  });

  it('stops starting arrivals when the signal aborts', async () => {
    const abort = new AbortController();
    const startAt = Date.now();
    let started = 0;
    setTimeout(() => abort.abort(), 150);
    await runArrivalLoop({
      startAt,
      offsets: Array.from({ length: 1_000 }, (_, i) => i * 10)[Symbol.iterator](),
      now: Date.now,
      onArrival: () => started++,
      signal: abort.signal,
    });
    expect(started).toBeGreaterThan(0);
    expect(started).toBeLessThan(100);
    const startedAtAbort = started;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toBe(startedAtAbort);
  });
});
