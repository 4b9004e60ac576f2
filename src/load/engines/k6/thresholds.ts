import type { Slo } from '../../../experiment/slo-schema.js';
import { K6_METRICS } from './script-input.js';

/** An SLO k6 cannot judge the way greenlight does; greenlight's own verdict still covers it. */
export interface SkippedSlo {
  name: string;
  reason: string;
}

export interface CompiledThresholds {
  /** k6's `thresholds` option: 'metric{tag:value,…}' → expressions. */
  thresholds: Record<string, string[]>;
  skipped: SkippedSlo[];
}

/**
 * Compiles SLOs into k6 thresholds on the script's colour- and phase-tagged metrics, so a k6
 * run fails (exit 99) on the same objectives greenlight judges. The verdict still comes from
 * the journal; k6's thresholds are what a team that reads k6's own output sees.
 */
export function compileThresholds(slos: readonly Slo[]): CompiledThresholds {
  const thresholds: Record<string, string[]> = {};
  const skipped: SkippedSlo[] = [];
  for (const slo of slos) {
    const compiled = compileOne(slo);
    if ('reason' in compiled) {
      skipped.push({ name: slo.name, reason: compiled.reason });
      continue;
    }
    (thresholds[compiled.metric] ??= []).push(compiled.expression);
  }
  return { thresholds, skipped };
}

function compileOne(slo: Slo): { metric: string; expression: string } | { reason: string } {
  const bound = slo.below !== undefined ? `<${slo.below}` : `>${slo.above ?? 0}`;
  const percentile = `p(${slo.percentile})`;
  switch (slo.metric) {
    case 'error-rate':
      return { metric: selector(K6_METRICS.failed, slo), expression: `rate${bound}` };
    case 'latency':
      return { metric: selector(K6_METRICS.request, slo, { ok: 'true' }), expression: `${percentile}${bound}` };
    case 'ttft':
      return { metric: selector(K6_METRICS.ttft, slo), expression: `${percentile}${bound}` };
    case 'throughput':
      if (slo.phase !== '*')
        return { reason: "k6's counter rate divides by the whole test's length, not by one phase's" };
      return { metric: selector(K6_METRICS.succeeded, slo), expression: `rate${bound}` };
    case 'dropped':
      if (slo.phase !== '*' || slo.colour !== 'all') {
        return { reason: 'dropped_iterations carries no colour (none was answered) and no phase' };
      }
      return { metric: 'dropped_iterations', expression: `count${bound}` };
    case 'itl':
      return { reason: 'k6 buffers response bodies, so the gaps between tokens are never seen' };
    default:
      return { reason: `no k6 threshold expresses greenlight's ${slo.metric}` };
  }
}

function selector(metric: string, slo: Slo, extra: Record<string, string> = {}): string {
  const tags = {
    ...extra,
    ...(slo.colour === 'all' ? {} : { colour: slo.colour }),
    ...(slo.phase === '*' ? {} : { phase: slo.phase }),
  };
  const parts = Object.entries(tags).map(([key, value]) => `${key}:${value}`);
  return parts.length === 0 ? metric : `${metric}{${parts.join(',')}}`;
}
