import { z } from 'zod';
import { COLOURS } from '../shared/colour.js';
import { conditionSchema } from '../shared/condition.js';
import { durationMs } from '../shared/duration-schema.js';
import { referenceKnobsSchema } from '../shared/reference-knobs.js';
import { faultSchema } from './faults-schema.js';
import { loadSchema } from './load-schema.js';
import { sloSchema } from './slo-schema.js';

const name = z.string().min(1).regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'letters, digits, space, . _ - only');

const phaseSchema = z.object({ name, duration: durationMs.refine((ms) => ms > 0, 'must be longer than 0') }).strict();

const weightsSchema = z
  .object({ blue: z.number().min(0).max(100), green: z.number().min(0).max(100) })
  .strict()
  .refine((w) => Math.abs(w.blue + w.green - 100) < 1e-9, 'blue + green must add up to 100 (percent)');

/** The rules the reference controller runs when it does not simply follow the experiment's. */
const controllerSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Rules the controller enforces; default: the experiment's rollback rules. */
    rules: z.array(conditionSchema).optional(),
    /** How often the controller evaluates its rules. */
    interval: durationMs.default(250),
  })
  .strict();

const embeddedTargetSchema = z
  .object({
    kind: z.literal('embedded'),
    blue: referenceKnobsSchema.default(referenceKnobsSchema.parse({})),
    green: referenceKnobsSchema.default(referenceKnobsSchema.parse({})),
    router: z
      .object({
        /** Traffic split when the run starts (percent). */
        weights: weightsSchema.default({ blue: 50, green: 50 }),
        controller: controllerSchema.default(controllerSchema.parse({})),
      })
      .strict()
      .default({ weights: { blue: 50, green: 50 }, controller: controllerSchema.parse({}) }),
  })
  .strict();

export const targetSchema = z.discriminatedUnion('kind', [embeddedTargetSchema]);

export const rollbackRuleSchema = conditionSchema
  .extend({
    name,
    /** Traffic goes to this colour when the rule fires. */
    switchTo: z.enum(COLOURS).default('blue'),
    /** Longest accepted time from condition met to traffic switched. */
    within: durationMs.default(15_000),
  })
  .strict();

const haltSchema = conditionSchema.extend({ name: name.optional() }).strict();

export const experimentSchema = z
  .object({
    name,
    description: z.string().default(''),
    seed: z.number().int().default(1),
    target: targetSchema.default(embeddedTargetSchema.parse({ kind: 'embedded' })),
    load: loadSchema,
    phases: z.array(phaseSchema).min(1, 'at least one phase is needed'),
    faults: z.array(faultSchema).default([]),
    slos: z.array(sloSchema).default([]),
    rollback: z.object({ rules: z.array(rollbackRuleSchema).default([]) }).strict().default({ rules: [] }),
    halt: z.array(haltSchema).default([]),
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
    const runMs = experiment.phases.reduce((sum, phase) => sum + phase.duration, 0);
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
        ctx.addIssue({ code: 'custom', path: ['faults', index, 'at'], message: `starts after the run ends (${runMs} ms)` });
      }
    });
    experiment.slos.forEach((slo, index) => {
      if (slo.phase !== '*' && !phaseNames.has(slo.phase)) {
        ctx.addIssue({ code: 'custom', path: ['slos', index, 'phase'], message: `no phase named "${slo.phase}"` });
      }
    });
  });

export type ExperimentInput = z.input<typeof experimentSchema>;
export type Experiment = z.output<typeof experimentSchema>;
export type EmbeddedTarget = z.output<typeof embeddedTargetSchema>;
export type RollbackRule = z.output<typeof rollbackRuleSchema>;
export type HaltCondition = z.output<typeof haltSchema>;
export type Phase = z.output<typeof phaseSchema>;
