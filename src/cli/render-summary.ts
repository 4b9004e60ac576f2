import type { Percentiles, Summary } from '../evaluate/summary.js';

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
        : ` after ${rule.detectionSeconds.toFixed(2)}s (budget ${rule.budgetSeconds}s)`;
    const recovery =
      rule.switchedAt === null
        ? ''
        : `, ${rule.recoverySeconds === null ? 'not recovered by the end' : `recovered after ${rule.recoverySeconds.toFixed(0)}s`}`;
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
      `  gate      ${summary.gate.verdict === 'pass' ? 'PASS' : 'FAIL'}: green against blue at ${summary.gate.confidence * 100} % confidence`,
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
  const errorShare = load.requests === 0 ? 0 : (load.errors / load.requests) * 100;
  lines.push(
    `  load      ${load.requests} requests, ${errorShare.toFixed(1)} % errors, ${load.achievedRps} rps of ${load.targetRps} planned, ${load.droppedIterations} dropped`,
    `            latency ${formatPercentiles(load.latencyMs)}; TTFT ${formatPercentiles(load.ttftMs)}`,
  );
  for (const reason of load.client?.bottleneck ? load.client.reasons : [])
    lines.push(`  WARNING   the load generator was the bottleneck: ${reason}`);
  for (const fault of summary.faults) {
    const what = fault.appliedAt === null ? `${fault.kind} on ${fault.target}, not applied` : fault.description;
    lines.push(`  fault     ${fault.name}: ${what}${fault.error ? ` — ${fault.error}` : ''}`);
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
  const ms = (value: number | null): string => (value === null ? '–' : `${Math.round(value)}`);
  return `p50 ${ms(p.p50)} / p95 ${ms(p.p95)} / p99 ${ms(p.p99)} ms`;
}
