import type { TraceProfile } from '../../experiment/load-schema.js';

/** A trace as it is sent: per arrival, its offset and token counts, in arrival order. */
export interface TraceSchedule {
  offsetsMs: Float64Array;
  promptTokens: Uint32Array;
  maxTokens: Uint32Array;
}

const schedules = new WeakMap<TraceProfile, TraceSchedule>();

/**
 * The arrivals of a trace profile: each recorded request at its offset divided by `speedup`,
 * sent ⌊(i+1)·scale⌋ − ⌊i·scale⌋ times (request i; so `scale` 0.5 keeps every other request, 2
 * sends each twice at its instant, and any window holds `scale` times the recorded count within
 * one). Token counts are at least 1 (a request asks for something). Computed once per profile.
 */
export function traceSchedule(profile: TraceProfile): TraceSchedule {
  const known = schedules.get(profile);
  if (known) return known;
  const requests = profile.requests ?? [];
  const { speedup, scale } = profile;
  const copies = requests.map((_, index) => Math.floor((index + 1) * scale + 1e-9) - Math.floor(index * scale + 1e-9));
  const total = copies.reduce((sum, count) => sum + count, 0);
  const schedule: TraceSchedule = {
    offsetsMs: new Float64Array(total),
    promptTokens: new Uint32Array(total),
    maxTokens: new Uint32Array(total),
  };
  let next = 0;
  requests.forEach(([offsetMs, input, output], index) => {
    for (let copy = 0; copy < (copies[index] ?? 0); copy++, next++) {
      schedule.offsetsMs[next] = offsetMs / speedup;
      schedule.promptTokens[next] = Math.max(1, input);
      schedule.maxTokens[next] = Math.max(1, output);
    }
  });
  schedules.set(profile, schedule);
  return schedule;
}
