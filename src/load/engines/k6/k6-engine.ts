import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError, errorMessage } from '../../../errors.js';
import type { Slo } from '../../../experiment/slo-schema.js';
import { BucketRecorder } from '../../../journal/bucket-recorder.js';
import type { JournalSink } from '../../../journal/events.js';
import { systemClock, type Clock } from '../../../util/clock.js';
import type { LoadEngine, LoadPlan, LoadProgress } from '../../engine.js';
import { profileShape } from '../../profiles/shape.js';
import type { ExecutionSegment } from '../../segment.js';
import { k6ResultsPath, k6RunArguments } from './command.js';
import { k6ExitError, k6ExitNotice } from './exit-status.js';
import { writeK6Files, type K6Files } from './generate.js';
import { NdjsonTail } from './ndjson-tail.js';
import { K6ResultIngest } from './result-ingest.js';
import { K6_TTFT_METHOD } from './script-input.js';

export interface K6EngineOptions {
  /** The k6 executable (see findK6Binary). */
  binary: string;
  slos: readonly Slo[];
  phases: readonly { name: string; duration: number }[];
  /** Told when k6 ends in a way worth saying that is not an error (its thresholds failed). */
  onNotice?: (message: string) => void;
  /** k6 processes to run, each one execution segment of the test (default 1). */
  instances?: number;
  clock?: Clock;
}

/** How often the results file is read while k6 runs. */
const INGEST_INTERVAL_MS = 250;
/** k6 flushes its JSON output every 200 ms through a buffer: a second is final this long after. */
const INGEST_LAG_MS = 2000;
/** After SIGINT, k6 finishes its outputs; if it has not exited by then, it is killed. */
const STOP_GRACE_MS = 15_000;
/** Beyond the schedule, the request timeout (k6's gracefulStop) and this, k6 is killed. */
const OVERRUN_MS = 60_000;
const STDERR_TAIL_CHARS = 4000;

/**
 * Runs the load with the k6 binary: the bundled script and its options are written to the run
 * folder, `k6 run --out json=…` is started at the plan's start, and its NDJSON results are
 * read as they are written into the same per-second, per-colour buckets the native engine
 * writes, so evaluation and reports do not depend on the engine. With `instances` above 1,
 * that many k6 processes each run one execution segment of the test (--execution-segment),
 * and all their results go into the same buckets. Aborting sends every k6 SIGINT; whatever
 * they wrote by then is still ingested.
 */
export class K6Engine implements LoadEngine {
  readonly name = 'k6';
  private ingests: K6ResultIngest[] = [];
  private readonly clock: Clock;

  constructor(private readonly options: K6EngineOptions) {
    this.clock = options.clock ?? systemClock;
  }

  progress(): LoadProgress {
    const total: LoadProgress = { sent: 0, completed: 0, errors: 0, dropped: 0, inFlight: 0 };
    for (const { counts } of this.ingests) {
      total.sent += counts.completed + counts.vus;
      total.completed += counts.completed;
      total.errors += counts.errors;
      total.dropped += counts.dropped;
      total.inFlight += counts.vus;
    }
    return total;
  }

  async run(plan: LoadPlan, journal: JournalSink, signal: AbortSignal): Promise<void> {
    const folder = plan.runDir ?? (await mkdtemp(join(tmpdir(), 'greenlight-k6-')));
    const files = await writeK6Files(folder, {
      url: plan.url,
      load: plan.load,
      durationMs: plan.durationMs,
      seed: plan.seed,
      slos: this.options.slos,
      phases: this.options.phases,
    });
    journal.append(methodEvent(this.clock.now(), files));
    const recorder = new BucketRecorder(journal, plan.startAt, plan.load.goodput ?? {});
    const count = this.options.instances ?? 1;
    const instances = Array.from({ length: count }, (_, index) => {
      const segment: ExecutionSegment = { index, count };
      const resultsPath = k6ResultsPath(folder, segment);
      return { segment, resultsPath, tail: new NdjsonTail(resultsPath), ingest: new K6ResultIngest(recorder) };
    });
    this.ingests = instances.map((instance) => instance.ingest);
    try {
      await this.clock.sleepUntil(plan.startAt, signal);
    } catch {
      return;
    }
    const targets = targetWriter(plan, journal);
    // Reads run one after another; a failed read (the journal) ends the run once k6 has stopped.
    let reading = Promise.resolve();
    let readFailure: { error: unknown } | undefined;
    const readMore = (final: boolean): Promise<void> =>
      (reading = reading
        .then(async () => {
          for (const { tail, ingest } of instances) await tail.drain((line) => ingest.line(line), { final });
          const now = this.clock.now();
          targets.until(now);
          if (!final) recorder.flushUntil(now - INGEST_LAG_MS);
        })
        .catch((error: unknown) => {
          readFailure ??= { error };
        }));
    const poller = setInterval(() => void readMore(false), INGEST_INTERVAL_MS);
    try {
      const exits = await Promise.all(
        instances.map(({ segment, resultsPath }) =>
          runK6(this.options.binary, k6RunArguments(files.scriptPath, resultsPath, segment), plan, signal),
        ),
      );
      await readMore(true);
      recorder.flushAll();
      if (readFailure) throw readFailure.error;
      const notice = exits.map((exit) => k6ExitNotice(exit.code)).find((found) => found !== undefined);
      if (notice) this.options.onNotice?.(notice);
      if (!signal.aborted) {
        const error = exits
          .map((exit) => k6ExitError(exit.code, exit.signal, exit.stderrTail))
          .find((found) => found !== undefined);
        if (error) throw error;
      }
    } finally {
      clearInterval(poller);
      await reading;
      for (const { tail } of instances) await tail.close();
    }
  }
}

function methodEvent(t: number, files: K6Files): Parameters<JournalSink['append']>[0] {
  return {
    type: 'load.method',
    t,
    engine: 'k6',
    ttftMethod: K6_TTFT_METHOD,
    ...(files.stages ? { profileMaxRelativeError: files.stages.maxRelativeError } : {}),
    notes: files.skippedSlos.map((slo) => `SLO "${slo.name}" has no k6 threshold: ${slo.reason}`),
  };
}

/** Writes the planned rate once per elapsed second, as the native engine does. */
function targetWriter(plan: LoadPlan, journal: JournalSink): { until(nowMs: number): void } {
  const shape = plan.load.profile ? profileShape(plan.load.profile) : undefined;
  let next = 0;
  return {
    until(nowMs) {
      if (!shape) return;
      for (; next * 1000 < plan.durationMs && plan.startAt + next * 1000 <= nowMs; next++) {
        journal.append({ type: 'load.target', t: plan.startAt + next * 1000, rps: shape.rateAt(next * 1000) });
      }
    },
  };
}

interface K6Exit {
  code: number | null;
  signal: string | null;
  stderrTail: string;
}

function runK6(binary: string, args: string[], plan: LoadPlan, signal: AbortSignal): Promise<K6Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        K6_NO_USAGE_REPORT: 'true',
        GREENLIGHT_TARGET_URL: plan.url,
        GREENLIGHT_HEADERS: JSON.stringify(plan.headers ?? {}),
      },
    });
    let stderrTail = '';
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    const timers: NodeJS.Timeout[] = [];
    const stop = (): void => {
      child.kill('SIGINT');
      timers.push(setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS));
    };
    signal.addEventListener('abort', stop, { once: true });
    timers.push(setTimeout(stop, plan.durationMs + plan.load.timeout + OVERRUN_MS));
    const settle = (): void => {
      signal.removeEventListener('abort', stop);
      for (const timer of timers) clearTimeout(timer);
    };
    child.on('error', (error) => {
      settle();
      reject(new EnvironmentError(`cannot start k6 (${binary}): ${errorMessage(error)}`, { cause: error }));
    });
    child.on('close', (code, exitSignal) => {
      settle();
      resolve({ code, signal: exitSignal, stderrTail });
    });
  });
}
