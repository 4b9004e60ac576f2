import type { Colour } from '../../shared/colour.js';
import type { Weights } from './options.js';
import { WeightedRoundRobin } from './weighted-round-robin.js';

export type SwitchAuthor = 'controller' | 'admin';

export interface SwitchRecord {
  /** When the weights changed, in ms since the epoch. */
  at: number;
  from: Weights;
  to: Weights;
  reason: string;
  by: SwitchAuthor;
}

/** What the rollback controller needs of a router's split. */
export interface TrafficControl {
  readonly current: Weights;
  /** Grows by one on every change not made by the controller; the controller re-arms on it. */
  readonly adminRevision: number;
  set(to: Weights, reason: string, by: SwitchAuthor): SwitchRecord;
}

/** The router's split: the weights, the picker that applies them and the record of every change. */
export class TrafficTable implements TrafficControl {
  private weights: Weights;
  private readonly picker: WeightedRoundRobin;
  private readonly records: SwitchRecord[] = [];
  private adminChanges = 0;

  constructor(
    initial: Weights,
    private readonly now: () => number = Date.now,
  ) {
    this.weights = { ...initial };
    this.picker = new WeightedRoundRobin(initial);
  }

  get current(): Weights {
    return { ...this.weights };
  }

  get switches(): readonly SwitchRecord[] {
    return this.records;
  }

  /** Grows by one on every change made through the admin API; the controller re-arms on it. */
  get adminRevision(): number {
    return this.adminChanges;
  }

  pick(): Colour {
    return this.picker.next();
  }

  set(to: Weights, reason: string, by: SwitchAuthor): SwitchRecord {
    const record: SwitchRecord = { at: this.now(), from: this.current, to: { ...to }, reason, by };
    this.weights = { ...to };
    this.picker.reset(to);
    this.records.push(record);
    if (by === 'admin') this.adminChanges++;
    return record;
  }
}

export function allTrafficTo(colour: Colour): Weights {
  return colour === 'blue' ? { blue: 100, green: 0 } : { blue: 0, green: 100 };
}

export function sameWeights(a: Weights, b: Weights): boolean {
  return a.blue === b.blue && a.green === b.green;
}

export function activeOf(weights: Weights): Colour | 'split' {
  if (weights.green <= 0 && weights.blue > 0) return 'blue';
  if (weights.blue <= 0 && weights.green > 0) return 'green';
  return 'split';
}
