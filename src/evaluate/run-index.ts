import { InputError } from '../errors.js';
import type {
  BucketEvent,
  JournalEvent,
  PhaseStartedEvent,
  RouterStateEvent,
  RunEndedEvent,
  RunStartedEvent,
} from '../journal/events.js';
import { SecondCounts } from './second-counts.js';

export interface PhaseWindow {
  name: string;
  start: number;
  end: number;
}

/**
 * A run as evaluators see it, but for the buckets' histograms: its frame (start, end, phases,
 * router states), every event that is not a bucket, and the buckets' counters per second.
 * Built in one pass that keeps no bucket, so it stays a few MB however long the run; the
 * histograms are read by a second pass (see bucket-sink.ts).
 */
export interface RunIndex {
  started: RunStartedEvent;
  /** When the run ended: its run.ended event, or the end of the last thing a killed run wrote. */
  endedAt: number;
  /** False for a run that wrote no run.ended (killed). */
  ended: boolean;
  endReason: string;
  endDetail?: string;
  phases: PhaseWindow[];
  routerStates: RouterStateEvent[];
  /** Every event but the buckets and the planned rates, in journal order. */
  events: JournalEvent[];
  /** The planned arrival rate where it changed (engines write it every second), and its mean. */
  plannedRate: { steps: { t: number; rps: number }[]; meanRps: number };
  seconds: SecondCounts;
  /** Whether every bucket came after the one before it in time, as the engines write them. */
  bucketsInOrder: boolean;
}

/** Builds a RunIndex from events given one at a time (a journal read line by line). */
export class RunIndexBuilder {
  private started: RunStartedEvent | undefined;
  private ended: RunEndedEvent | undefined;
  private seconds: SecondCounts | undefined;
  private readonly early: BucketEvent[] = [];
  private readonly events: JournalEvent[] = [];
  private readonly rateSteps: { t: number; rps: number }[] = [];
  private rateSum = 0;
  private rateCount = 0;
  private lastSeen = -Infinity;
  private lastBucket = -Infinity;
  private inOrder = true;

  add(event: JournalEvent): void {
    this.lastSeen = Math.max(this.lastSeen, event.type === 'bucket' ? event.t + 1000 : event.t);
    if (event.type === 'load.target') {
      this.rateSum += event.rps;
      this.rateCount++;
      if (this.rateSteps.at(-1)?.rps !== event.rps) this.rateSteps.push({ t: event.t, rps: event.rps });
      return;
    }
    if (event.type !== 'bucket') {
      this.events.push(event);
      if (event.type === 'run.started') this.start(event);
      if (event.type === 'run.ended') this.ended ??= event;
      return;
    }
    if (event.t < this.lastBucket) this.inOrder = false;
    this.lastBucket = event.t;
    if (this.seconds) this.seconds.add(event);
    else this.early.push(event);
  }

  /** The index; undefined when the events hold no run.started (not a greenlight run journal). */
  finish(): RunIndex | undefined {
    const { started, seconds } = this;
    if (!started || !seconds) return undefined;
    const ended = this.ended;
    const endedAt = ended?.t ?? Math.max(started.t, this.lastSeen);
    const phaseEvents = this.events.filter((e): e is PhaseStartedEvent => e.type === 'phase.started');
    return {
      started,
      endedAt,
      ended: ended !== undefined,
      endReason: ended?.reason ?? 'killed',
      ...(ended?.detail !== undefined ? { endDetail: ended.detail } : {}),
      phases: phaseEvents.map((phase, index) => ({
        name: phase.name,
        start: phase.t,
        end: Math.min(phaseEvents[index + 1]?.t ?? endedAt, endedAt),
      })),
      routerStates: this.events.filter((e): e is RouterStateEvent => e.type === 'router.state'),
      events: this.events,
      plannedRate: { steps: this.rateSteps, meanRps: this.rateCount === 0 ? 0 : this.rateSum / this.rateCount },
      seconds,
      bucketsInOrder: this.inOrder,
    };
  }

  private start(event: RunStartedEvent): void {
    if (this.started) return;
    this.started = event;
    this.seconds = new SecondCounts(event.t);
    for (const bucket of this.early.splice(0)) this.seconds.add(bucket);
  }
}

/** The index of events in memory (a test's journal, the plain load run's). */
export function indexRun(events: Iterable<JournalEvent>): RunIndex | undefined {
  const builder = new RunIndexBuilder();
  for (const event of events) builder.add(event);
  return builder.finish();
}

/** A run held in memory: its index and its buckets, for readers that walk them (trigger verdicts). */
export interface RunInMemory extends RunIndex {
  buckets: readonly BucketEvent[];
}

export function runInMemory(events: readonly JournalEvent[]): RunInMemory | undefined {
  const index = indexRun(events);
  return index && { ...index, buckets: events.filter((event): event is BucketEvent => event.type === 'bucket') };
}

/** The index, or the error every reader of a journal gives for one that is not a run's. */
export function requireIndex(index: RunIndex | undefined): RunIndex {
  if (!index) throw new InputError('the journal has no run.started event: not a greenlight run journal');
  return index;
}
