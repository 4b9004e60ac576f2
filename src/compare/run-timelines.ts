import type { JournalEvent } from '../journal/events.js';
import { ABORTED_OUTCOME } from '../journal/bucket-recorder.js';
import { switchesOf } from '../evaluate/rollback.js';
import { indexRun } from '../evaluate/run-index.js';
import { describeWeights } from '../shared/rule-action.js';
import type { FaultStep, SwitchStep } from './comparison.js';

const SECOND = 1000;

/** When the run started (its run.started event); 0 for a journal without one. */
export function runStartOf(events: readonly JournalEvent[]): number {
  return events.find((event) => event.type === 'run.started')?.t ?? 0;
}

/** Seconds since the run start, to the millisecond. */
export function offsetSeconds(start: number, at: number | string): number {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  return Math.round(ms - start) / SECOND;
}

/** Every fault step in journal order. */
export function faultSteps(events: readonly JournalEvent[]): FaultStep[] {
  const start = runStartOf(events);
  return events.flatMap((event): FaultStep[] => {
    const step = { at: offsetSeconds(start, event.t) };
    switch (event.type) {
      case 'fault.applied':
      case 'fault.updated':
        return [
          {
            ...step,
            action: event.type === 'fault.applied' ? 'applied' : 'updated',
            name: event.name,
            kind: event.kind,
            target: event.target,
            description: event.description,
          },
        ];
      case 'fault.reverted':
        return [
          { ...step, action: 'reverted', name: event.name, kind: event.kind, target: event.target, description: '' },
        ];
      case 'fault.failed':
        return [
          {
            ...step,
            action: 'failed',
            name: event.name,
            kind: event.kind,
            target: event.target,
            description: event.error,
          },
        ];
      default:
        return [];
    }
  });
}

/** Every change of the router's split, as the rollback evaluation sees them. */
export function switchSteps(events: JournalEvent[]): SwitchStep[] {
  const index = indexRun(events);
  if (!index) return [];
  return switchesOf(index).map((entry) => ({
    at: offsetSeconds(index.started.t, entry.at),
    from: describeWeights(entry.fromWeights),
    to: describeWeights(entry.toWeights),
  }));
}

/** The planned rate of each second (the engine's `load.target`), by second since the start. */
export function plannedPerSecond(events: readonly JournalEvent[]): number[] {
  const start = runStartOf(events);
  const planned: number[] = [];
  for (const event of events) {
    if (event.type === 'load.target') planned[secondIndex(start, event.t)] = event.rps;
  }
  return Array.from(planned, (rps) => rps ?? 0);
}

/** Arrivals the engine made in each second: requests that ended then (cancelled ones too) and drops. */
export function madePerSecond(events: readonly JournalEvent[]): number[] {
  const start = runStartOf(events);
  const made: number[] = [];
  for (const event of events) {
    if (event.type !== 'bucket') continue;
    const second = secondIndex(start, event.t);
    made[second] = (made[second] ?? 0) + event.requests + event.dropped + (event.outcomes[ABORTED_OUTCOME] ?? 0);
  }
  return Array.from(made, (count) => count ?? 0);
}

function secondIndex(start: number, t: number): number {
  return Math.max(0, Math.floor((t - start) / SECOND));
}
