import type { Slo } from './slo-schema.js';

/** e.g. "ttft p95 < 800 ms", "error-rate < 1 %". */
export function describeObjective(slo: Slo): string {
  const subject =
    slo.metric === 'latency' || slo.metric === 'ttft' ? `${slo.metric} p${slo.percentile}` : slo.metric === 'itl' ? 'itl mean' : slo.metric;
  const comparator = slo.below !== undefined ? '<' : '>';
  const limit = slo.below ?? slo.above ?? 0;
  return `${subject} ${comparator} ${formatSloValue(slo, limit)}`;
}

export function formatSloValue(slo: Slo, value: number): string {
  switch (slo.metric) {
    case 'error-rate':
      return `${Number((value * 100).toFixed(3))} %`;
    case 'latency':
    case 'ttft':
    case 'itl':
      return `${Number(value.toFixed(1))} ms`;
    case 'throughput':
      return `${Number(value.toFixed(2))} rps`;
    case 'dropped':
      return `${value}`;
  }
}
