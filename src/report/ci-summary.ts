import { appendFile } from 'node:fs/promises';
import { EnvironmentError, errorMessage } from '../errors.js';
import type { Summary } from '../evaluate/summary.js';
import { formatCount, formatMetricValue, formatPercent, formatSeconds } from '../util/format.js';
import { ruleVerdictWord, sloScope } from './words.js';

/**
 * The verdict as Markdown for a CI job's summary page (GitHub's $GITHUB_STEP_SUMMARY): the
 * verdict, one table row per check (rollback rules, SLOs, the gate, the cleanup audit), and why
 * the run failed. `reportPath` is shown as where the full report is.
 */
export function ciSummaryMarkdown(summary: Summary, reportPath?: string): string {
  const pass = summary.verdict === 'pass';
  const mark = (ok: boolean): string => (ok ? '✅' : '❌');
  const rows: [string, string, string][] = [
    ...summary.rollback.rules.map((rule): [string, string, string] => [
      `rollback rule ${rule.name}`,
      `${mark(rule.pass)} ${ruleVerdictWord(rule.verdict)}`,
      `${rule.condition}; detection ${formatSeconds(rule.detectionSeconds)} (budget ${formatSeconds(rule.budgetSeconds)}), ${formatCount(rule.failedRequestsBeforeSwitch + rule.failedRequestsDuringSwitch)} requests lost`,
    ]),
    ...summary.slos.map((slo): [string, string, string] => [
      `SLO ${slo.name} (${sloScope(slo.colour, slo.phase)})`,
      mark(slo.pass),
      `${slo.objective}: observed ${formatMetricValue(slo.metric, slo.observed)}`,
    ]),
    ...(summary.gate?.comparisons ?? []).map((comparison): [string, string, string] => [
      `release gate, ${comparison.metric}`,
      mark(comparison.decision === 'pass'),
      comparison.explanation,
    ]),
    ...(summary.cleanup
      ? [
          [
            'cleanup audit',
            mark(summary.cleanup.clean),
            summary.cleanup.clean ? 'nothing left behind' : summary.cleanup.leftovers.join('; '),
          ] as [string, string, string],
        ]
      : []),
  ];
  const load = summary.load;
  const lines = [
    `## ${mark(pass)} greenlight ${pass ? 'PASS' : 'FAIL'}: ${cell(summary.experiment)}`,
    '',
    `seed ${summary.seed} · ${load.engine} engine · ${formatCount(load.requests)} requests, ${formatPercent(load.requests === 0 ? null : load.errors / load.requests)} errors, ${formatCount(load.droppedIterations)} dropped${reportPath ? ` · report: \`${reportPath}\`` : ''}`,
    '',
    ...(rows.length > 0
      ? [
          '| Check | Result | Detail |',
          '| --- | --- | --- |',
          ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
          '',
        ]
      : []),
    ...(pass ? [] : ['**Why it failed**', '', ...summary.reasons.map((reason) => `- ${cell(reason)}`), '']),
  ];
  return `${lines.join('\n')}\n`;
}

/** Markdown table cells hold one line and no unescaped pipe. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/**
 * One GitHub Actions `::error` workflow command per reason the run failed (the message escaped
 * as the Actions toolkit does: %, CR and LF; in the title also ':' and ',').
 */
export function ciAnnotations(summary: Summary): string[] {
  const title = escapeProperty(`greenlight: ${summary.experiment}`);
  return summary.reasons.map((reason) => `::error title=${title}::${escapeData(reason)}`);
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface CiReportOptions {
  /** Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Where annotations go; default: stdout (where the Actions runner reads workflow commands). */
  write?: (text: string) => void;
  reportPath?: string;
}

/**
 * The CI conventions at the end of `run` or `gate`: with GITHUB_STEP_SUMMARY set, the Markdown
 * summary is appended to that file; with GITHUB_ACTIONS=true, each failed check is printed as an
 * `::error` annotation. Elsewhere it does nothing. Returns what it did.
 */
export async function reportToCi(
  summary: Summary,
  options: CiReportOptions = {},
): Promise<{ summaryFile: string | undefined; annotations: number }> {
  const env = options.env ?? process.env;
  const summaryFile = env['GITHUB_STEP_SUMMARY'] || undefined;
  if (summaryFile) {
    try {
      await appendFile(summaryFile, ciSummaryMarkdown(summary, options.reportPath));
    } catch (error) {
      throw new EnvironmentError(`GITHUB_STEP_SUMMARY: cannot append to ${summaryFile}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }
  const annotations = env['GITHUB_ACTIONS'] === 'true' ? ciAnnotations(summary) : [];
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  for (const annotation of annotations) write(`${annotation}\n`);
  return { summaryFile, annotations: annotations.length };
}
