import type { JournalEvent } from '../journal/events.js';
import { formatDuration, formatOffset } from '../util/format.js';

/** The moments worth a line of their own while a run goes: phases, faults, switches, halts. */
export function formatEventLine(event: JournalEvent, runStart: number): string | undefined {
  const at = formatOffset(Math.max(0, event.t - runStart) / 1000).padStart(10);
  switch (event.type) {
    case 'phase.started':
      return `${at}  phase ${event.name} (${formatDuration(event.durationMs)})`;
    case 'fault.applied':
      return `${at}  fault applied   ${event.name}: ${event.description}`;
    case 'fault.reverted':
      return `${at}  fault reverted  ${event.name}`;
    case 'fault.failed':
      return `${at}  fault FAILED to ${event.action} ${event.name}: ${event.error}`;
    case 'router.state':
      return event.reason === undefined
        ? `${at}  router          blue ${event.weights.blue} / green ${event.weights.green}`
        : `${at}  router switched blue ${event.weights.blue} / green ${event.weights.green}: ${event.reason}`;
    case 'halt':
      return `${at}  HALT            ${event.reason}`;
    default:
      return undefined;
  }
}
