import type { BucketEvent, JournalEvent, RouterStateEvent, RunStartedEvent } from '../journal/events.js';

export interface PhaseWindow {
  name: string;
  start: number;
  end: number;
}

/** The journal, sorted into what evaluators need. */
export interface Timeline {
  started: RunStartedEvent;
  endedAt: number;
  endReason: string;
  endDetail?: string;
  phases: PhaseWindow[];
  buckets: BucketEvent[];
  routerStates: RouterStateEvent[];
  events: JournalEvent[];
}

export function buildTimeline(events: JournalEvent[]): Timeline | undefined {
  const started = events.find((e): e is RunStartedEvent => e.type === 'run.started');
  if (!started) return undefined;
  const ended = events.find((e) => e.type === 'run.ended');
  const buckets = events.filter((e): e is BucketEvent => e.type === 'bucket');
  const lastSeen = Math.max(started.t, ...events.map((e) => (e.type === 'bucket' ? e.t + 1000 : e.t)));
  const endedAt = ended?.t ?? lastSeen;
  const phaseEvents = events.filter((e) => e.type === 'phase.started');
  const phases = phaseEvents.map((phase, index) => ({
    name: phase.name,
    start: phase.t,
    end: Math.min(phaseEvents[index + 1]?.t ?? endedAt, endedAt),
  }));
  return {
    started,
    endedAt,
    endReason: ended?.reason ?? 'killed',
    ...(ended?.detail !== undefined ? { endDetail: ended.detail } : {}),
    phases,
    buckets,
    routerStates: events.filter((e): e is RouterStateEvent => e.type === 'router.state'),
    events,
  };
}

/** Buckets whose second lies within [from, to). */
export function bucketsBetween(buckets: readonly BucketEvent[], from: number, to: number): BucketEvent[] {
  return buckets.filter((bucket) => bucket.t >= from && bucket.t < to);
}
