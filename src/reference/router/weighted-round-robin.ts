import { GreenlightError } from '../../errors.js';
import { COLOURS } from '../../shared/colour.js';
import type { Colour } from '../../shared/colour.js';
import type { Weights } from './options.js';

/**
 * Smooth weighted round-robin (nginx's): deterministic, exact over every run of `total` picks,
 * and interleaved (70/30 gives b,g,b,b,g,… rather than seventy blues then thirty greens).
 */
export class WeightedRoundRobin {
  private weights: Weights;
  private readonly current: Record<Colour, number> = { blue: 0, green: 0 };

  constructor(weights: Weights) {
    this.weights = { ...weights };
  }

  /** Starts a fresh cycle with the new weights. */
  reset(weights: Weights): void {
    this.weights = { ...weights };
    this.current.blue = 0;
    this.current.green = 0;
  }

  next(): Colour {
    let chosen: Colour | undefined;
    let total = 0;
    for (const colour of COLOURS) {
      const weight = this.weights[colour];
      if (weight <= 0) continue;
      total += weight;
      this.current[colour] += weight;
      if (chosen === undefined || this.current[colour] > this.current[chosen]) chosen = colour;
    }
    if (chosen === undefined)
      throw new GreenlightError('internal', 'weighted round-robin: no colour has a positive weight');
    this.current[chosen] -= total;
    return chosen;
  }
}
