/** How numbers read in the report: short, with units, and '—' where nothing was measured. */

const NOT_MEASURED = '—';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return integer.format(value);
}

/** An ISO timestamp as '2025-03-01 12:00:00 UTC' (whole seconds); unparsable text as given. */
export function formatTimestamp(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Seconds since the run start as '+10.0 s'. */
export function formatOffset(seconds: number | null): string {
  if (seconds === null) return NOT_MEASURED;
  return `${seconds < 0 ? '−' : '+'}${Math.abs(seconds).toFixed(1)} s`;
}

export function formatSeconds(seconds: number | null): string {
  return seconds === null ? NOT_MEASURED : `${Number(seconds.toFixed(2))} s`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return NOT_MEASURED;
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** A ratio 0..1 as a percentage. */
export function formatRatio(ratio: number | null): string {
  return ratio === null ? NOT_MEASURED : `${Number((ratio * 100).toFixed(2))} %`;
}

export function formatRps(rps: number): string {
  return `${Number(rps.toFixed(1))} rps`;
}

/** An SLO's observed value in the unit of its metric (see src/experiment/slo-schema.ts). */
export function formatObserved(metric: string, value: number | null): string {
  if (value === null) return 'no traffic';
  switch (metric) {
    case 'error-rate':
    case 'availability':
    case 'goodput':
      return formatRatio(value);
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
      return String(value);
  }
}
