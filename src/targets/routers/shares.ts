import type { Colour } from '../../shared/colour.js';
import { activeOf, type RouterView } from '../router-observer.js';

/** Each colour's value (a weight, a share, a request rate) in percent of their sum, to 0.01; undefined when the sum is 0. */
export function percentShares(values: Record<Colour, number>): Record<Colour, number> | undefined {
  const total = values.blue + values.green;
  if (total === 0) return undefined;
  return { blue: round((values.blue / total) * 100), green: round((values.green / total) * 100) };
}

/**
 * The split a router reported as one number per colour. `source` names where the numbers came
 * from, for the message when they are not numbers ≥ 0 or are both 0 (nothing to learn a split from).
 */
export function viewOfValues(values: Record<Colour, unknown>, source: string): RouterView {
  const numbers = {} as Record<Colour, number>;
  for (const colour of ['blue', 'green'] as const) {
    const value = values[colour];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new Error(`${source}: ${colour} is ${JSON.stringify(value) ?? 'missing'}, expected a number ≥ 0`);
    numbers[colour] = value;
  }
  const weights = percentShares(numbers);
  if (!weights) throw new Error(`${source}: blue and green are both 0, so there is no split to learn`);
  return { active: activeOf(weights), weights };
}

function round(percent: number): number {
  return Math.round(percent * 100) / 100;
}
