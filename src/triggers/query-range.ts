const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

// A range or subquery selector's duration: `[5m]`, `[1m30s]`, `[30m:1m]`.
const RANGE = /\[\s*((?:\d+(?:ms|s|m|h|d|w|y))+)\s*(?::[^\]]*)?\]/g;
const PART = /(\d+)(ms|s|m|h|d|w|y)/g;

/**
 * The longest range a query looks back over (`rate(x[5m])` → 5 minutes), read from the range
 * selectors in its text; 0 when it has none (an instant selector or a gauge). This only finds the
 * durations written in brackets, to size the detection bound and the low-traffic check; the query
 * itself is always evaluated by Prometheus.
 */
export function queryRangeMs(query: string): number {
  let longest = 0;
  for (const [, duration] of query.matchAll(RANGE)) {
    let ms = 0;
    for (const [, amount, unit] of (duration ?? '').matchAll(PART)) ms += Number(amount) * (UNIT_MS[unit ?? 's'] ?? 0);
    longest = Math.max(longest, ms);
  }
  return longest;
}
