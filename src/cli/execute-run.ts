import { InterruptedError, errorMessage } from '../errors.js';
import type { Summary } from '../evaluate/summary.js';
import type { Experiment } from '../experiment/schema.js';
import { pushRunMetrics } from '../metrics/pushgateway.js';
import { reportToCi } from '../report/ci-summary.js';
import { k6EngineFor } from '../runner/k6.js';
import { RunEvents } from '../runner/run-events.js';
import { runExperiment, type RunOutcome } from '../runner/run.js';
import { formatDuration } from '../util/format.js';
import { formatEventLine } from './event-line.js';
import { EXIT, exitFor } from './exit-codes.js';
import { createProgressPrinter } from './progress-line.js';
import { renderSummary } from './render-summary.js';
import { onInterrupt } from './signals.js';

export interface ExecuteFlags {
  engine: string;
  seed?: number;
  out: string;
  controller: boolean;
  pushgateway?: string;
  /** The native engine's worker threads (--workers). */
  workers?: number;
  /** k6 processes, one execution segment each (--instances). */
  instances?: number;
}

/**
 * Runs a loaded experiment as the terminal shows it — start banner, event lines, progress, the
 * verdict — with Ctrl-C handled, then publishes the figures (CI, Pushgateway). Resolves with the
 * exit code and, when the run got that far, its outcome.
 */
export async function executeRun(
  experiment: Experiment,
  shownSource: string,
  flags: ExecuteFlags,
): Promise<{ code: number; outcome?: RunOutcome }> {
  const interrupt = new AbortController();
  const stopListening = onInterrupt((signal) => {
    process.stderr.write(
      `\n${signal}: stopping — reverting faults and writing a partial report (again to force quit)\n`,
    );
    interrupt.abort(new InterruptedError(signal));
  });
  const progress = createProgressPrinter(process.stderr);
  const engine =
    flags.engine === 'k6' ? k6EngineFor(experiment, (message) => progress.note(message), flags.instances) : undefined;
  const events = new RunEvents();
  events.on('start', ({ runDir, parts, durationMs, seed, startAt }) => {
    process.stderr.write(
      `greenlight: ${experiment.name} from ${shownSource}, seed ${seed}, ${formatDuration(durationMs)}\n`,
    );
    for (const part of parts) process.stderr.write(`  ${part}\n`);
    process.stderr.write(`  run folder  ${runDir}\n`);
    events.on('journal', (event) => {
      const line = formatEventLine(event, startAt);
      if (line) progress.note(line);
    });
  });
  events.on('progress', (snapshot) => progress.update(snapshot));
  events.on('notice', (message) => progress.note(message));
  try {
    const outcome = await runExperiment({
      experiment,
      ...(engine ? { engine } : {}),
      source: shownSource,
      outDir: flags.out,
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.controller ? {} : { controllerEnabled: false }),
      ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
      signal: interrupt.signal,
      events,
    });
    progress.done();
    process.stdout.write(`${renderSummary(outcome.summary, outcome.files.html)}\n`);
    await publishRun(outcome.summary, outcome.files.html, flags.pushgateway);
    if (outcome.failure) {
      const { code, message } = exitFor(outcome.failure);
      if (message) process.stderr.write(`greenlight: ${message}\n`);
      return { code, outcome };
    }
    return { code: outcome.summary.verdict === 'pass' ? EXIT.pass : EXIT.verdictFailed, outcome };
  } finally {
    progress.done();
    stopListening();
  }
}

/**
 * Where a finished run's figures go besides the run folder: CI's step summary and annotations
 * (GitHub Actions), and a Pushgateway. A failure there is reported but does not change the verdict.
 */
async function publishRun(summary: Summary, reportPath: string, pushgateway: string | undefined): Promise<void> {
  const publishers = [
    () => reportToCi(summary, { reportPath }),
    ...(pushgateway ? [() => pushRunMetrics(pushgateway, summary)] : []),
  ];
  for (const publish of publishers) {
    await publish().catch((error: unknown) => process.stderr.write(`greenlight: warning: ${errorMessage(error)}\n`));
  }
}
