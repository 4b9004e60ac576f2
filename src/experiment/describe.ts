import { describeCondition } from '../shared/condition.js';
import { describeWeights, targetWeights } from '../shared/rule-action.js';
import { formatDuration } from '../util/format.js';
import type { Experiment } from './schema.js';
import { faultWindows } from './fault-windows.js';
import { describeProfile } from './describe-profile.js';
import { runLengthMs } from './phase-plan.js';
import { describeObjective } from './describe-slo.js';

/** A readable outline of an experiment, as `greenlight validate` prints it. */
export function describeExperiment(experiment: Experiment): string {
  const total = runLengthMs(experiment.phases);
  const lines = [
    `  name      ${experiment.name}${experiment.description ? ` — ${experiment.description}` : ''}`,
    `  seed      ${experiment.seed}`,
    `  target    ${experiment.target.kind}`,
    `  phases    ${experiment.phases.map((p) => `${p.name} ${formatDuration(p.duration)}`).join(' → ')} (${formatDuration(total)})`,
    `  load      ${describeLoadModel(experiment)}, ${experiment.load.workload.mix.map((m) => `${m.request.kind}${m.request.stream ? ' (stream)' : ''} ×${m.weight}`).join(', ')}`,
  ];
  for (const window of faultWindows(experiment.faults, experiment.phases, experiment.seed)) {
    lines.push(
      `  fault     ${window.fault.name}: ${window.fault.kind} on ${window.fault.target}, ${formatDuration(window.start)} → ${formatDuration(window.end)}`,
    );
  }
  for (const slo of experiment.slos)
    lines.push(`  SLO       ${slo.name}: ${slo.colour}, ${slo.phase}: ${describeObjective(slo)}`);
  for (const slo of experiment.prometheus?.slos ?? []) {
    lines.push(
      `  PromQL    ${slo.name}: ${slo.phase}: ${slo.source.promql} (${slo.over} ${slo.below !== undefined ? `< ${slo.below}` : `> ${slo.above}`})`,
    );
  }
  const gate = experiment.gate;
  if (gate) {
    const percent = (ratio: number): string => `${Number((ratio * 100).toFixed(2))} %`;
    lines.push(
      `  gate      green vs blue at ${percent(gate.confidence)} confidence, phase ${gate.phase}: latency +${percent(gate.latencyMargin)}, TTFT +${percent(gate.ttftMargin)}, error rate +${percent(gate.errorRateMargin)}`,
    );
  }
  for (const rule of experiment.rollback.rules) {
    lines.push(
      `  rollback  ${rule.name}: ${describeCondition(rule)} → ${describeWeights(targetWeights(rule))} within ${formatDuration(rule.within)}`,
    );
  }
  if (experiment.canary) {
    lines.push(
      `  canary    green ${experiment.canary.stages.join(' → ')} % every ${formatDuration(experiment.canary.every)}`,
    );
  }
  for (const halt of experiment.halt)
    lines.push(`  halt      ${halt.name ? `${halt.name}: ` : ''}${describeCondition(halt)}`);
  return lines.join('\n');
}

function describeLoadModel(experiment: Experiment): string {
  const { profile, concurrency } = experiment.load;
  return profile ? describeProfile(profile) : `closed model, ${concurrency ?? 0} in flight`;
}
