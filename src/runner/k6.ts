import { rm } from 'node:fs/promises';
import { runLengthMs } from '../experiment/phase-plan.js';
import type { Experiment } from '../experiment/schema.js';
import { K6Engine, buildK6Options, findK6Binary, writeK6Files, type K6Files } from '../load/engines/k6/index.js';
import { createRunDir, makeRunId } from './run-dir.js';

/** Where a dry-run script sends its load unless k6's environment sets GREENLIGHT_TARGET_URL. */
export const DRY_RUN_TARGET_URL = 'http://127.0.0.1:8080';

/**
 * The k6 engine for an experiment. Finds the k6 binary first, so a missing k6 fails (exit 3)
 * before any stack or process is started, then checks that k6 stages can follow the profile.
 */
export function k6EngineFor(experiment: Experiment, onNotice?: (message: string) => void): K6Engine {
  const binary = findK6Binary();
  // A profile k6 stages cannot follow within 2 % is bad input (exit 2): say so before the stack starts.
  buildK6Options(experiment.load, runLengthMs(experiment.phases), experiment.slos);
  return new K6Engine({
    binary,
    slos: experiment.slos,
    phases: experiment.phases,
    ...(onNotice ? { onNotice } : {}),
  });
}

/** Writes the k6 script and options of an experiment into a new run folder, without running anything. */
export async function writeK6DryRun(
  experiment: Experiment,
  options: { outDir: string; seed?: number },
): Promise<K6Files & { runDir: string }> {
  const { runDir } = createRunDir(options.outDir, makeRunId(experiment.name));
  try {
    const files = await writeK6Files(runDir, {
      url: DRY_RUN_TARGET_URL,
      load: experiment.load,
      durationMs: runLengthMs(experiment.phases),
      seed: options.seed ?? experiment.seed,
      slos: experiment.slos,
      phases: experiment.phases,
    });
    return { ...files, runDir };
  } catch (error) {
    await rm(runDir, { recursive: true, force: true });
    throw error;
  }
}
