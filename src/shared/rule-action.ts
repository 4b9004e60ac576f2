import { z } from 'zod';
import type { Colour } from './colour.js';

const percent = z.number().min(0).max(100);

/**
 * What a rollback rule does when it fires, besides the plain `switchTo: <colour>` (all traffic to
 * that colour): set the split to given weights, e.g. `{ weights: { blue: 90, green: 10 } }`.
 */
export const ruleActionSchema = z
  .object({
    weights: z
      .object({ blue: percent, green: percent })
      .strict()
      .refine((w) => Math.abs(w.blue + w.green - 100) < 1e-9, 'blue + green must add up to 100 (percent)'),
  })
  .strict();

export type RuleAction = z.output<typeof ruleActionSchema>;

/** The split a rule moves traffic to: its action's weights, or all traffic to `switchTo`. */
export function targetWeights(rule: { switchTo: Colour; action?: RuleAction | undefined }): Record<Colour, number> {
  if (rule.action) return { ...rule.action.weights };
  return rule.switchTo === 'blue' ? { blue: 100, green: 0 } : { blue: 0, green: 100 };
}

/** "blue" for all traffic to one colour, else "blue 90 / green 10". */
export function describeWeights(weights: Record<Colour, number>): string {
  if (weights.green === 0) return 'blue';
  if (weights.blue === 0) return 'green';
  return `blue ${weights.blue} / green ${weights.green}`;
}

/** Splits closer than half a percent are the same split (observers round to percent). */
export function sameSplit(a: Record<Colour, number>, b: Record<Colour, number>): boolean {
  return Math.abs(a.blue - b.blue) < 0.5 && Math.abs(a.green - b.green) < 0.5;
}
