import type { Percentiles, Summary } from '../evaluate/summary.js';
import { formatCount, formatMs, formatPercent, formatRps, formatSeconds } from '../util/format.js';

const VERDICT_WORDS = {
  'fired-in-time': 'fired in time',
  'fired-late': 'FIRED LATE',
  missed: 'MISSED',
  'false-positive': 'FALSE POSITIVE',
  'not-triggered': 'not triggered (as expected)',
  flapping: 'FLAPPING',
} as const;

/** The verdict block printed at the end of a run (and by `greenlight report`). */
export function renderSummary(summary: Summary, reportPath: string): string {
  const lines = [
    `verdict: ${summary.verdict === 'pass' ? 'PASS' : 'FAIL'}  (${summary.experiment}, seed ${summary.seed})`,
  ];
  for (const rule of summary.rollback.rules) {
    const detection =
      rule.detectionSeconds === null
        ? ''
        : ` after ${formatSeconds(rule.detectionSeconds)} (budget ${formatSeconds(rule.budgetSeconds)})`;
    const recovery =
      rule.switchedAt === null
        ? ''
        : `, ${rule.recoverySeconds === null ? 'not recovered by the end' : `recovered after ${formatSeconds(rule.recoverySeconds)}`}`;
    lines.push(`  rollback  ${rule.name}: ${VERDICT_WORDS[rule.verdict]}${detection}${recovery}; ${rule.condition}`);
  }
  if (summary.rollback.rules.length === 0) lines.push('  rollback  no rules declared');
  if (summary.canary) {
    const stages = summary.canary.stages.map(
      (stage) => `${stage.greenPercent} % ${stage.pass ? stage.status : stage.status.toUpperCase()}`,
    );
    lines.push(`  canary    ${summary.canary.verdict === 'pass' ? 'pass' : 'FAIL'}: ${stages.join(', ')}`);
  }
  if (summary.gate) {
    lines.push(
      `  gate      ${summary.gate.verdict === 'pass' ? 'PASS' : 'FAIL'}: green against blue at ${formatPercent(summary.gate.confidence)} confidence`,
    );
    for (const comparison of summary.gate.comparisons) {
      lines.push(
        `            ${comparison.decision === 'pass' ? 'pass' : 'FAIL'} ${comparison.metric}: ${comparison.explanation}`,
      );
    }
  }
  const failedSlos = summary.slos.filter((slo) => !slo.pass);
  lines.push(`  SLOs      ${summary.slos.length - failedSlos.length}/${summary.slos.length} passed`);
  for (const slo of failedSlos)
    lines.push(`            FAILED ${slo.name} (${slo.colour}, ${slo.phase}): ${slo.objective}, ${slo.reason ?? ''}`);
  const load = summary.load;
  const errorShare = load.requests === 0 ? 0 : load.errors / load.requests;
  lines.push(
    `  load      ${formatCount(load.requests)} requests, ${formatPercent(errorShare)} errors, ${formatRps(load.achievedRps)} of ${formatRps(load.targetRps)} planned, ${formatCount(load.droppedIterations)} dropped`,
    `            latency ${formatPercentiles(load.latencyMs)}; TTFT ${formatPercentiles(load.ttftMs)}`,
  );
  for (const reason of load.client?.bottleneck ? load.client.reasons : [])
    lines.push(`  WARNING   the load generator was the bottleneck: ${reason}`);
  for (const fault of summary.faults) {
    const what = fault.appliedAt === null ? `${fault.kind} on ${fault.target}, not applied` : fault.description;
    const times = (fault.timesApplied ?? 1) > 1 ? ` (applied ${fault.timesApplied} times)` : '';
    lines.push(`  fault     ${fault.name}: ${what}${times}${fault.error ? ` — ${fault.error}` : ''}`);
  }
  if (summary.cleanup) {
    lines.push(
      `  cleanup   ${summary.cleanup.clean ? 'clean: nothing left behind' : `LEFT BEHIND: ${summary.cleanup.leftovers.join('; ')}`}`,
    );
  }
  if (summary.verdict === 'fail') for (const reason of summary.reasons) lines.push(`  why       ${reason}`);
  lines.push(`report: ${reportPath}`);
  return lines.join('\n');
}

export function formatPercentiles(p: Percentiles): string {
  return `p50 ${formatMs(p.p50)}, p95 ${formatMs(p.p95)}, p99 ${formatMs(p.p99)}`;
}
