import { join } from 'node:path';
import { segmentNotation, segmentSequence, type ExecutionSegment } from '../../segment.js';

export const K6_RESULTS_FILE = 'k6-results.ndjson';

/** The NDJSON results of one instance: k6-results.ndjson alone, k6-results-<k>.ndjson of several. */
export function k6ResultsPath(runDir: string, segment: ExecutionSegment): string {
  return join(runDir, segment.count === 1 ? K6_RESULTS_FILE : `k6-results-${segment.index}.ndjson`);
}

/**
 * The arguments of `k6 run` for one instance of a run split into `segment.count` execution
 * segments (k6's own way to share one test between processes or machines: each instance runs
 * its part of every scenario's VUs and arrival rate). No REST API (`--address ''`), so
 * instances on one machine do not fight over its port; results as NDJSON in the run folder.
 */
export function k6RunArguments(scriptPath: string, resultsPath: string, segment: ExecutionSegment): string[] {
  const segmentFlags =
    segment.count === 1
      ? []
      : [
          '--execution-segment',
          segmentNotation(segment),
          '--execution-segment-sequence',
          segmentSequence(segment.count),
        ];
  return ['run', '--address', '', ...segmentFlags, '--out', `json=${resultsPath}`, scriptPath];
}

/** A command line as a user would type it in a POSIX shell. */
export function shellCommand(binary: string, args: readonly string[]): string {
  return [binary, ...args].map(shellQuote).join(' ');
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
