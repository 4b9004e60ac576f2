import { formatDuration } from '../util/format.js';
import type { Slo } from './slo-schema.js';

/** e.g. "ttft p95 < 800 ms", "error-rate < 1 %". */
export function describeObjective(slo: Slo): string {
  const subject = ['latency', 'ttft', 'itl', 'tpot'].includes(slo.metric)
    ? `${slo.metric} p${slo.percentile}`
    : slo.metric;
  const comparator = slo.below !== undefined ? '<' : '>';
  const limit = slo.below ?? slo.above ?? 0;
  const burn = slo.burnRate?.windows.map(
    (pair) => `${pair.factor}× over ${formatDuration(pair.long)}/${formatDuration(pair.short)}`,
  );
  return `${subject} ${comparator} ${formatSloValue(slo, limit)}${burn ? `, burn rate ≤ ${burn.join(', ')}` : ''}`;
}

export function formatSloValue(slo: Slo, value: number): string {
  switch (slo.metric) {
    case 'error-rate':
    case 'availability':
    case 'goodput':
      return `${Number((value * 100).toFixed(3))} %`;
    case 'latency':
    case 'ttft':
    case 'itl':
    case 'tpot':
      return `${Number(value.toFixed(1))} ms`;
    case 'throughput':
      return `${Number(value.toFixed(2))} rps`;
    case 'dropped':
      return `${value}`;
  }
}
