/**
 * How greenlight writes numbers for people, in the terminal, in summary.json's explanations and
 * in the report: a measured quantity is a number, a space and its unit ('12.5 ms', '0.53 %',
 * '2.7 s', '20 rps'); a duration the experiment declared keeps the experiment's own compact
 * notation ('10s', '1m30s', '24h', which parseDurationMs reads back); nothing measured is one dash.
 */
export const MISSING = '—';

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A plain number with at most `digits` decimals: 1.04712 → '1.047', 3.0 → '3'. */
export function formatNumber(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

/** 1234567 → '1,234,567'. */
export function formatCount(value: number): string {
  return integer.format(value);
}

/**
 * A ratio 0..1 as a percentage with at most `digits` decimals ('12.5 %'). A ratio that is not
 * exactly 0 or 1 is never rounded to '0 %' or '100 %': 0.99995 is '99.995 %'.
 */
export function formatPercent(ratio: number | null, digits = 2): string {
  if (ratio === null) return MISSING;
  const percent = ratio * 100;
  let shown = Number(percent.toFixed(digits));
  for (let more = digits + 1; more <= 6 && shown !== percent && (shown === 0 || shown === 100); more++) {
    shown = Number(percent.toFixed(more));
  }
  return `${shown} %`;
}

/** A p-value: four decimals, or two significant digits in scientific notation below 0.0001. */
export function formatPValue(p: number | null): string {
  if (p === null) return MISSING;
  if (p === 0) return '0';
  return p < 0.0001 ? p.toExponential(1) : formatNumber(p, 4);
}

/** Milliseconds with the precision that matters at their size: '0.42 ms', '12.5 ms', '812 ms', '12.3 s'. */
export function formatMs(ms: number | null): string {
  if (ms === null) return MISSING;
  if (ms >= 10_000) return `${(ms / SECOND_MS).toFixed(1)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** A measured span in seconds: '2.75 s'. */
export function formatSeconds(seconds: number | null): string {
  return seconds === null ? MISSING : `${formatNumber(seconds, 2)} s`;
}

export function formatRps(rps: number | null): string {
  return rps === null ? MISSING : `${formatNumber(rps, 1)} rps`;
}

/** A moment as seconds since the run start: '+14.5 s' within the first minute, then '+2m5s', '+20h1m15s'. */
export function formatOffset(seconds: number | null): string {
  if (seconds === null) return MISSING;
  const sign = seconds < 0 ? '−' : '+';
  const magnitude = Math.abs(seconds);
  if (magnitude < 60) return `${sign}${magnitude.toFixed(1)} s`;
  return `${sign}${formatDuration(magnitude * SECOND_MS)}`;
}

/** A duration in the experiments' notation: 250 → '250ms', 1500 → '1.5s', 83_000 → '1m23s', 86_400_000 → '24h'. */
export function formatDuration(ms: number): string {
  if (ms < SECOND_MS) return `${Math.round(ms)}ms`;
  if (ms < MINUTE_MS) return `${formatNumber(ms / SECOND_MS, 1)}s`;
  const totalSeconds = Math.round(ms / SECOND_MS);
  const parts = [
    [Math.floor(totalSeconds / 3600), 'h'],
    [Math.floor((totalSeconds % 3600) / 60), 'm'],
    [totalSeconds % 60, 's'],
  ] as const;
  return parts
    .filter(([amount]) => amount > 0)
    .map(([amount, unit]) => `${amount}${unit}`)
    .join('');
}

/** Elapsed time for progress lines: 83_000 → '01:23', 3_723_000 → '1:02:03'. */
export function formatClock(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / SECOND_MS));
  const pad = (value: number): string => String(value).padStart(2, '0');
  const minutesAndSeconds = `${pad(Math.floor((totalSeconds % 3600) / 60))}:${pad(totalSeconds % 60)}`;
  return ms < HOUR_MS ? minutesAndSeconds : `${Math.floor(totalSeconds / 3600)}:${minutesAndSeconds}`;
}

/** Epoch milliseconds as the ISO timestamp summary.json uses. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** An ISO timestamp as '2025-03-01 12:00:00 UTC' (whole seconds); unparsable text as given. */
export function formatTimestamp(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${isoTime(ms).slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * A value in the unit of its metric: ratios as percentages (error-rate, availability, goodput),
 * times in milliseconds (latency, ttft, itl, tpot), throughput in rps, dropped as a count, any
 * other (a PromQL query's value) as a plain number.
 */
export function formatMetricValue(metric: string, value: number | null): string {
  if (value === null) return MISSING;
  switch (metric) {
    case 'error-rate':
    case 'availability':
    case 'goodput':
      return formatPercent(value);
    case 'latency':
    case 'ttft':
    case 'itl':
    case 'tpot':
      return formatMs(value);
    case 'throughput':
      return formatRps(value);
    case 'dropped':
      return `${formatCount(value)} dropped`;
    default:
      // A metric of unknown scale (a PromQL query's): six significant digits.
      return String(Number(value.toPrecision(6)));
  }
}
