import type { LoadSpec } from '../experiment/load-schema.js';
import type { JournalEvent, LoadClientEvent } from '../journal/events.js';
import type { ClientSummary } from './summary.js';

/**
 * When the load generator, not the target, set a run's figures (docs/load.md, "Is the client
 * the bottleneck?"). Every timestamp the engine takes is late by its event loop's delay, so a
 * second whose delay p99 is above 10 ms lags; more than 5 % of lagging seconds, or more than
 * 1 % of planned arrivals dropped (the in-flight cap was reached), make the client the bottleneck.
 */
export const CLIENT_LIMITS = { eventLoopDelayP99Ms: 10, laggingSecondsShare: 0.05, droppedShare: 0.01 } as const;

/** The client's health from its `load.client` events; undefined when the engine wrote none (k6). */
export function summariseClient(
  events: readonly JournalEvent[],
  totals: { requests: number; dropped: number },
  load: LoadSpec | undefined,
): ClientSummary | undefined {
  const all = events.filter((e): e is LoadClientEvent => e.type === 'load.client');
  if (all.length === 0) return undefined;
  // On worker threads the workers take the requests' timestamps; the main thread only reports the CPU.
  const seconds = all.some((e) => e.worker !== undefined) ? all.filter((e) => e.worker !== undefined) : all;
  const p99s = seconds.map((second) => second.eventLoopDelayMs.p99).sort((a, b) => a - b);
  const utilization = seconds.map((second) => second.eventLoopUtilization);
  const cpu = all.flatMap((second) => (second.cpuMs === undefined ? [] : [second.cpuMs]));
  const cpuMs = cpu.length === 0 ? null : round(sum(cpu));
  const lagging = p99s.filter((p99) => p99 > CLIENT_LIMITS.eventLoopDelayP99Ms).length;
  const planned = totals.requests + totals.dropped;
  const droppedShare = planned === 0 ? null : totals.dropped / planned;
  const reasons = [
    ...(lagging / seconds.length > CLIENT_LIMITS.laggingSecondsShare
      ? [
          `the load generator's event loop lagged (delay p99 above ${CLIENT_LIMITS.eventLoopDelayP99Ms} ms) in ${lagging} of ${seconds.length} seconds: its timings carry that delay (see docs/scale.md: more cores with --workers, or more machines)`,
        ]
      : []),
    ...(droppedShare !== null && droppedShare > CLIENT_LIMITS.droppedShare
      ? [
          `${(droppedShare * 100).toFixed(1)} % of planned arrivals were dropped (load.maxInFlight requests were in flight): the planned load was not offered`,
        ]
      : []),
  ];
  return {
    eventLoopDelayMs: {
      medianSecondP99: p99s[Math.floor((p99s.length - 1) / 2)] ?? null,
      worstSecondP99: p99s.at(-1) ?? null,
      max: Math.max(...seconds.map((second) => second.eventLoopDelayMs.max)),
    },
    eventLoopUtilization: { mean: round(sum(utilization) / utilization.length, 4), max: Math.max(...utilization) },
    cpuMs,
    cpuPerRequestUs: cpuMs === null || totals.requests === 0 ? null : round((cpuMs * 1000) / totals.requests),
    laggingSeconds: lagging,
    seconds: seconds.length,
    droppedShare: droppedShare === null ? null : round(droppedShare, 4),
    bottleneck: reasons.length > 0,
    reasons,
    onBottleneck: load?.clientBottleneck ?? 'warn',
    thresholds: { ...CLIENT_LIMITS },
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
