import type { Summary } from '../../evaluate/summary.js';
import { formatOffset } from '../../util/format.js';
import { secondsSince } from '../chart-annotations.js';
import type { ChartTimeline } from '../chart-timeline.js';

/** What every section renders from. */
export interface ReportView {
  summary: Summary;
  timeline: ChartTimeline;
}

/** An ISO timestamp as '+12.5 s' from the run start; '—' when it did not happen. */
export function offsetText(view: ReportView, at: string | null): string {
  return formatOffset(at === null ? null : secondsSince(view.timeline.startMs, at));
}
