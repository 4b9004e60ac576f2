import { z } from 'zod';
import { COLOURS } from '../shared/colour.js';
import { canarySchema } from '../shared/canary.js';
import { conditionSchema } from '../shared/condition.js';
import { durationMs } from '../shared/duration-schema.js';
import { ruleActionSchema } from '../shared/rule-action.js';
import { faultSchema } from './faults-schema.js';
import { loadSchema } from './load-schema.js';
import { gateSchema } from './gate-schema.js';
import { runLengthMs } from './phase-plan.js';
import { prometheusSchema } from './prometheus-schema.js';
import { sloSchema } from './slo-schema.js';
import { defaultTarget, targetSchema } from './target-schema.js';
import { triggersSchema } from './triggers-schema.js';

const name = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'letters, digits, space, . _ - only');

const phaseSchema = z.object({ name, duration: durationMs.refine((ms) => ms > 0, 'must be longer than 0') }).strict();

/**
 * Rollback rules and halts are judged from the load engine's own measurements, which hold no
 * health checks: `health-failures` is a condition only a router's controller can evaluate.
 */
const harnessObservable: [(condition: { metric: string }) => boolean, { message: string; path: string[] }] = [
  (condition) => condition.metric !== 'health-failures',
  {
    message:
      'health-failures can only drive a controller (target.router.controller.rules); greenlight judges rules from error-rate, latency or ttft',
    path: ['metric'],
  },
];

export const rollbackRuleSchema = conditionSchema
  .extend({
    name,
    /** Traffic goes to this colour when the rule fires. */
    switchTo: z.enum(COLOURS).default('blue'),
    /** Instead of all traffic to `switchTo`: the split the rule sets, e.g. `{ weights: { blue: 90, green: 10 } }`. */
    action: ruleActionSchema.optional(),
    /** Longest accepted time from condition met to traffic switched. */
    within: durationMs.default(15_000),
  })
  .strict()
  .refine(...harnessObservable);

const haltSchema = conditionSchema
  .extend({ name: name.optional() })
  .strict()
  .refine(...harnessObservable);

export const experimentSchema = z
  .object({
    name,
    description: z.string().default(''),
    seed: z.number().int().default(1),
    target: targetSchema.default(defaultTarget),
    load: loadSchema,
    phases: z.array(phaseSchema).min(1, 'at least one phase is needed'),
    faults: z.array(faultSchema).default([]),
    slos: z.array(sloSchema).default([]),
    rollback: z
      .object({ rules: z.array(rollbackRuleSchema).default([]) })
      .strict()
      .default({ rules: [] }),
    halt: z.array(haltSchema).default([]),
    /** A staged canary promotion of green that the router follows (docs/verdicts.md, "Canary stages"). */
    canary: canarySchema.optional(),
    /** The release gate (`greenlight gate`): green against blue under the same split load. */
    gate: gateSchema.optional(),
    /** SLOs read from Prometheus by PromQL range queries over the run's window. */
    prometheus: prometheusSchema.optional(),
    /** An OpenSLO v1 file (relative to the experiment) whose SLOs join `prometheus.slos` when the file is loaded. */
    openSlo: z.string().min(1).optional(),
    /**
     * The steady-state hypothesis: before the first fault, these SLOs (by name; default: those
     * that apply to the phase before it) must hold over that phase, or no fault is injected and
     * the run fails as "steady state not met". `false` turns the check off.
     */
    steadyState: z
      .union([z.literal(false), z.object({ slos: z.array(z.string().min(1)).min(1).optional() }).strict()])
      .default({}),
    /** The team's own trigger definitions (Argo, Flagger, Prometheus rules), back-tested against the run (docs/triggers.md). */
    triggers: triggersSchema,
  })
  .strict()
  .superRefine((experiment, ctx) => {
    const phaseNames = new Set<string>();
    experiment.phases.forEach((phase, index) => {
      if (phaseNames.has(phase.name)) {
        ctx.addIssue({ code: 'custom', path: ['phases', index, 'name'], message: `duplicate phase "${phase.name}"` });
      }
      phaseNames.add(phase.name);
    });
    const runMs = runLengthMs(experiment.phases);
    const faultNames = new Set<string>();
    experiment.faults.forEach((fault, index) => {
      if (faultNames.has(fault.name)) {
        ctx.addIssue({ code: 'custom', path: ['faults', index, 'name'], message: `duplicate fault "${fault.name}"` });
      }
      faultNames.add(fault.name);
      if (fault.during !== undefined && !phaseNames.has(fault.during)) {
        ctx.addIssue({
          code: 'custom',
          path: ['faults', index, 'during'],
          message: `no phase named "${fault.during}" (phases: ${[...phaseNames].join(', ')})`,
        });
      }
      if (fault.at !== undefined && fault.at >= runMs) {
        ctx.addIssue({
          code: 'custom',
          path: ['faults', index, 'at'],
          message: `starts after the run ends (${runMs} ms)`,
        });
      }
    });
    experiment.prometheus?.slos.forEach((slo, index) => {
      if (slo.phase !== '*' && !phaseNames.has(slo.phase)) {
        ctx.addIssue({
          code: 'custom',
          path: ['prometheus', 'slos', index, 'phase'],
          message: `no phase named "${slo.phase}"`,
        });
      }
    });
    if (experiment.gate && experiment.gate.phase !== '*' && !phaseNames.has(experiment.gate.phase)) {
      ctx.addIssue({ code: 'custom', path: ['gate', 'phase'], message: `no phase named "${experiment.gate.phase}"` });
    }
    experiment.slos.forEach((slo, index) => {
      if (slo.phase !== '*' && !phaseNames.has(slo.phase)) {
        ctx.addIssue({ code: 'custom', path: ['slos', index, 'phase'], message: `no phase named "${slo.phase}"` });
      }
    });
    const ruleNames = experiment.rollback.rules.map((rule) => rule.name);
    experiment.triggers.forEach((trigger, index) => {
      if (!ruleNames.includes(trigger.expects)) {
        ctx.addIssue({
          code: 'custom',
          path: ['triggers', index, 'expects'],
          message: `no rollback rule named "${trigger.expects}" (rollback.rules: ${ruleNames.join(', ') || 'none'})`,
        });
      }
    });
    if (experiment.triggers.length > 0 && !experiment.prometheus) {
      ctx.addIssue({
        code: 'custom',
        path: ['triggers'],
        message:
          "triggers are evaluated by the run's Prometheus: add prometheus: {} (greenlight's own, or PROMETHEUS_URL) or prometheus: { url }",
      });
    }
    const sloNames = experiment.slos.map((slo) => slo.name);
    if (experiment.steadyState !== false) {
      experiment.steadyState.slos?.forEach((name, index) => {
        if (!sloNames.includes(name)) {
          ctx.addIssue({
            code: 'custom',
            path: ['steadyState', 'slos', index],
            message: `no SLO named "${name}" (slos: ${sloNames.join(', ') || 'none'})`,
          });
        }
      });
    }
  });

export type ExperimentInput = z.input<typeof experimentSchema>;
export type Experiment = z.output<typeof experimentSchema>;
export type RollbackRule = z.output<typeof rollbackRuleSchema>;
export type HaltCondition = z.output<typeof haltSchema>;
export type Phase = z.output<typeof phaseSchema>;
