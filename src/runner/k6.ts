import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runLengthMs } from '../experiment/phase-plan.js';
import type { Experiment } from '../experiment/schema.js';
import {
  K6Engine,
  K6_SCRIPT_FILE,
  buildK6Options,
  findK6Binary,
  k6ResultsPath,
  k6RunArguments,
  operatorManifest,
  shellCommand,
  writeK6Files,
  type K6Files,
} from '../load/engines/k6/index.js';
import { createRunDir, makeRunId } from './run-dir.js';

/** Where a dry-run script sends its load unless k6's environment sets GREENLIGHT_TARGET_URL. */
export const DRY_RUN_TARGET_URL = 'http://127.0.0.1:8080';

/**
 * The k6 engine for an experiment. Finds the k6 binary first, so a missing k6 fails (exit 3)
 * before any stack or process is started, then checks that k6 stages can follow the profile.
 */
export function k6EngineFor(experiment: Experiment, onNotice?: (message: string) => void, instances = 1): K6Engine {
  const binary = findK6Binary();
  // A profile k6 stages cannot follow within 2 % is bad input (exit 2): say so before the stack starts.
  buildK6Options(experiment.load, runLengthMs(experiment.phases), experiment.slos);
  return new K6Engine({
    binary,
    slos: experiment.slos,
    phases: experiment.phases,
    instances,
    ...(onNotice ? { onNotice } : {}),
  });
}

export interface K6DryRun extends K6Files {
  runDir: string;
  /** The `k6 run` command line of each instance (one per execution segment). */
  commands: string[];
  /** The k6-operator TestRun and its script's ConfigMap, when asked for. */
  operatorPath?: string;
}

export const K6_OPERATOR_FILE = 'k6-operator.yaml';

/**
 * Writes the k6 script and options of an experiment into a new run folder, without running
 * anything: the command lines of `instances` k6 processes, each one execution segment, and
 * with `k6Operator` a k6-operator TestRun (parallelism = instances) for Kubernetes.
 */
export async function writeK6DryRun(
  experiment: Experiment,
  options: { outDir: string; seed?: number; instances?: number; k6Operator?: boolean },
): Promise<K6DryRun> {
  const { runId, runDir } = createRunDir(options.outDir, makeRunId(experiment.name));
  const count = options.instances ?? 1;
  try {
    const files = await writeK6Files(runDir, {
      url: DRY_RUN_TARGET_URL,
      load: experiment.load,
      durationMs: runLengthMs(experiment.phases),
      seed: options.seed ?? experiment.seed,
      slos: experiment.slos,
      phases: experiment.phases,
    });
    const commands = Array.from({ length: count }, (_, index) => {
      const segment = { index, count };
      return shellCommand('k6', k6RunArguments(files.scriptPath, k6ResultsPath(runDir, segment), segment));
    });
    if (!options.k6Operator) return { ...files, runDir, commands };
    const operatorPath = join(runDir, K6_OPERATOR_FILE);
    const manifest = operatorManifest({
      runId,
      script: await readFile(files.scriptPath, 'utf8'),
      scriptFile: K6_SCRIPT_FILE,
      parallelism: count,
      targetUrl: DRY_RUN_TARGET_URL,
    });
    await writeFile(operatorPath, manifest);
    return { ...files, runDir, commands, operatorPath };
  } catch (error) {
    await rm(runDir, { recursive: true, force: true });
    throw error;
  }
}
