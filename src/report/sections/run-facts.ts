import { markup } from '../markup.js';
import type { Markup } from '../markup.js';
import { formatDuration, formatTimestamp } from '../../util/format.js';
import { facts, note, section } from './elements.js';
import { offsetText } from './view.js';
import type { ReportView } from './view.js';

export function runFacts(view: ReportView): Markup {
  const { summary, timeline } = view;
  return section(
    'run',
    'Run',
    markup`${facts([
      ['Experiment', summary.experiment],
      ['Source', summary.source],
      ['Run id', markup`<code>${summary.runId}</code>`],
      ['Seed', markup`<code>${summary.seed}</code>`],
      ['Engine', summary.load.engine],
      ['Started', formatTimestamp(summary.startedAt)],
      ['Duration', durationText(summary.endedAt, timeline.durationSeconds)],
      ['End reason', summary.endReason],
      ['Phases', phaseList(summary)],
    ])}
${summary.halt ? note('bad', `Halted at ${offsetText(view, summary.halt.at)}: ${summary.halt.reason}`) : null}
${summary.journalTruncated ? note('warning', 'The journal was cut off (the run was killed mid-write): its last line was skipped, so the final second may be missing.') : null}`,
  );
}

/** Without an end, the journal's last event only bounds the duration from below. */
function durationText(endedAt: string | null, seconds: number): string {
  const duration = formatDuration(seconds * 1000);
  if (endedAt !== null) return duration;
  return seconds > 0 ? `at least ${duration} (no end recorded)` : 'unknown (no end recorded)';
}

/** Each phase with how long it lasted: on a long run the charts have no room for short phases' names. */
function phaseList(summary: ReportView['summary']): string {
  if (summary.phases.length === 0) return 'none';
  return summary.phases.map((phase) => `${phase.name} ${formatDuration(phase.durationMs)}`).join(' → ');
}
