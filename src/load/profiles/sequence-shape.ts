import type { RateShape } from './rate-shape.js';

interface PlacedPart {
  shape: RateShape;
  startMs: number;
  arrivalsBefore: number;
}

/**
 * Parts one after another, each on its own clock starting at 0. The last part goes on after
 * its duration, so a run longer than the sequence never runs dry. Exact when the parts are.
 */
export class SequenceShape implements RateShape {
  private readonly parts: PlacedPart[] = [];

  constructor(parts: readonly { shape: RateShape; durationMs: number }[]) {
    let startMs = 0;
    let arrivalsBefore = 0;
    for (const part of parts) {
      this.parts.push({ shape: part.shape, startMs, arrivalsBefore });
      startMs += part.durationMs;
      arrivalsBefore += part.shape.cumulative(part.durationMs);
    }
  }

  rateAt(tMs: number): number {
    if (tMs < 0) return 0;
    const part = this.partAt(tMs);
    return part.shape.rateAt(tMs - part.startMs);
  }

  cumulative(tMs: number): number {
    if (tMs <= 0) return 0;
    const part = this.partAt(tMs);
    return part.arrivalsBefore + part.shape.cumulative(tMs - part.startMs);
  }

  timeOfCumulative(arrivals: number): number {
    if (arrivals <= 0) return 0;
    const part = lastWhere(this.parts, (candidate) => candidate.arrivalsBefore < arrivals);
    return part.startMs + part.shape.timeOfCumulative(arrivals - part.arrivalsBefore);
  }

  private partAt(tMs: number): PlacedPart {
    return lastWhere(this.parts, (candidate) => candidate.startMs <= tMs);
  }
}

/** The last part meeting a predicate that holds for a prefix; the first part when none does. */
function lastWhere(parts: readonly PlacedPart[], predicate: (part: PlacedPart) => boolean): PlacedPart {
  let found = parts[0] as PlacedPart;
  for (const part of parts) {
    if (!predicate(part)) break;
    found = part;
  }
  return found;
}
