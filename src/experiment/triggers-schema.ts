import { z } from 'zod';

/** The trigger formats greenlight reads; without `kind` it is told from the file's contents. */
export const TRIGGER_KINDS = ['argo', 'flagger', 'prometheus-rules'] as const;

/**
 * A team's own rollback trigger, back-tested against the run (docs/triggers.md): the definition
 * file (relative to the experiment), the values of its Argo `args`, and the greenlight rollback
 * rule (`rollback.rules[].name`) that says what the trigger should have done.
 */
export const triggerSpecSchema = z
  .object({
    file: z.string().min(1),
    kind: z.enum(TRIGGER_KINDS).optional(),
    args: z.record(z.string(), z.string()).default({}),
    expects: z.string().min(1),
  })
  .strict();

export const triggersSchema = z.array(triggerSpecSchema).default([]);

export type TriggerSpec = z.output<typeof triggerSpecSchema>;
export type TriggerSpecInput = z.input<typeof triggerSpecSchema>;
