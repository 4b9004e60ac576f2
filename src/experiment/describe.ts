import { describeCondition } from '../shared/condition.js';
import { formatDuration } from '../util/duration.js';
import type { Experiment } from './schema.js';
import { faultWindows } from './fault-windows.js';
import { describeObjective } from './describe-slo.js';

/** A readable outline of an experiment, as `greenlight validate` prints it. */
export function describeExperiment(experiment: Experiment): string {
  const total = experiment.phases.reduce((sum, phase) => sum + phase.duration, 0);
  const lines = [
    `  name      ${experiment.name}${experiment.description ? ` — ${experiment.description}` : ''}`,
    `  seed      ${experiment.seed}`,
    `  target    ${experiment.target.kind}`,
    `  phases    ${experiment.phases.map((p) => `${p.name} ${formatDuration(p.duration)}`).join(' → ')} (${formatDuration(total)})`,
    `  load      ${describeProfile(experiment)}, ${experiment.load.workload.mix.map((m) => `${m.request.kind}${m.request.stream ? ' (stream)' : ''} ×${m.weight}`).join(', ')}`,
  ];
  for (const window of faultWindows(experiment.faults, experiment.phases)) {
    lines.push(`  fault     ${window.fault.name}: ${window.fault.kind} on ${window.fault.target}, ${formatDuration(window.start)} → ${formatDuration(window.end)}`);
  }
  for (const slo of experiment.slos) lines.push(`  SLO       ${slo.name}: ${slo.colour}, ${slo.phase}: ${describeObjective(slo)}`);
  for (const rule of experiment.rollback.rules) {
    lines.push(`  rollback  ${rule.name}: ${describeCondition(rule)} → ${rule.switchTo} within ${formatDuration(rule.within)}`);
  }
  for (const halt of experiment.halt) lines.push(`  halt      ${halt.name ? `${halt.name}: ` : ''}${describeCondition(halt)}`);
  return lines.join('\n');
}

function describeProfile(experiment: Experiment): string {
  const profile = experiment.load.profile;
  if (profile.kind === 'constant') return `constant ${profile.rate} rps`;
  const stages = profile.stages.map((stage) => `${stage.target} rps over ${formatDuration(stage.duration)}`).join(', then ');
  return `ramp from ${profile.startRate} rps: ${stages}`;
}
