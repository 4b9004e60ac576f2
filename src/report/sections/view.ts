import type { Summary } from '../../evaluate/summary.js';
import { formatOffset } from '../format.js';
import { secondsSince } from '../timeseries.js';
import type { Timeline } from '../timeseries.js';

/** What every section renders from. */
export interface ReportView {
  summary: Summary;
  timeline: Timeline;
}

/** An ISO timestamp as '+12.5 s' from the run start; '—' when it did not happen. */
export function offsetText(view: ReportView, at: string | null): string {
  return formatOffset(at === null ? null : secondsSince(view.timeline.startMs, at));
}
