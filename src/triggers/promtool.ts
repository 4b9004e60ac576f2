import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { EnvironmentError } from '../errors.js';
import type { RangeSeries } from '../metrics/prometheus.js';
import { parseDurationMs } from '../util/duration.js';
import { findPrometheusBinary } from '../metrics/prometheus-binaries.js';
import type { RulesDefinition } from './definition.js';
import type { Firing, RunWindow } from './run.js';

const run = promisify(execFile);
const STEP_MS = 1000;
const LOOKBACK_MS = 5 * 60_000;

/** `promtool tsdb create-blocks-from openmetrics`: TSDB blocks a Prometheus can serve. */
export async function createBlocks(openMetricsFile: string, dataDir: string): Promise<void> {
  const promtool = findPrometheusBinary('promtool', 'back-testing triggers offline');
  await run(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', openMetricsFile, dataDir]).catch(
    (error: unknown) => {
      const { stderr, message } = error as { stderr?: string; message: string };
      throw new EnvironmentError(
        `promtool could not make TSDB blocks from ${openMetricsFile}: ${(stderr ?? message).trim()}`,
      );
    },
  );
}

/**
 * When the file's alerts fire over the recorded run, as `promtool test rules` evaluates them:
 * the recording becomes the test's input series (one value per second from the run's start, the
 * latest sample at or before each second), and every evaluation of the run is a test expecting
 * no alert. promtool steps its clock by the test's evaluation_interval, so that is one second and
 * the rules are given as a copy whose groups all state their interval. promtool, which runs Prometheus's own rule manager, fails exactly the evaluations at
 * which an alert fires and names them ("alertname: X, time: 12s"); those are read back.
 */
export async function alertFiringsByPromtool(
  definition: RulesDefinition,
  ruleFile: string,
  recording: readonly RangeSeries[],
  window: RunWindow,
  folder: string,
): Promise<Firing[]> {
  const promtool = findPrometheusBinary('promtool', 'back-testing triggers offline');
  const origin = window.start;
  const steps = Math.ceil((window.end - origin) / STEP_MS);
  const ticks = new Map<string, number[]>();
  for (const alert of definition.alerts) {
    const own = ticks.get(alert.alert) ?? [];
    for (let at = alert.intervalMs; at <= window.end - origin; at += alert.intervalMs) own.push(at);
    ticks.set(alert.alert, own);
  }
  const rules = join(folder, 'rules.yml');
  await writeFile(rules, await withGroupIntervals(ruleFile, definition.evaluationIntervalMs));
  const test = {
    rule_files: [rules],
    evaluation_interval: `${STEP_MS / 1000}s`,
    tests: [
      {
        interval: `${STEP_MS / 1000}s`,
        input_series: recording.map((series) => ({
          series: selector(series.metric),
          values: valuesAtSteps(series, origin, steps),
        })),
        alert_rule_test: [...ticks].flatMap(([alertname, times]) =>
          times.map((at) => ({ eval_time: `${at / 1000}s`, alertname, exp_alerts: [] })),
        ),
      },
    ],
  };
  const testFile = join(folder, 'promtool-test.yml');
  await writeFile(testFile, stringify(test));
  let output: string;
  try {
    const { stdout, stderr } = await run(promtool, ['test', 'rules', testFile], { maxBuffer: 64 * 1024 * 1024 });
    output = stdout + stderr;
  } catch (error) {
    const { stdout = '', stderr = '', code } = error as { stdout?: string; stderr?: string; code?: unknown };
    output = stdout + stderr;
    if (code !== 1 || !/alertname: /.test(output))
      throw new EnvironmentError(`promtool test rules failed: ${output.trim()}`);
  }
  const firingTicks = [...output.matchAll(/alertname: ([^,]+), time: ([^,\s]+),/g)]
    .map(([, , time]) => parseDurationMs(time ?? ''))
    .filter((ms): ms is number => ms !== undefined);
  return firingsFromTicks(
    [...new Set(firingTicks)].sort((a, b) => a - b),
    [...new Set([...ticks.values()].flat())].sort((a, b) => a - b),
    origin,
  );
}

async function withGroupIntervals(ruleFile: string, evaluationIntervalMs: number): Promise<string> {
  const file = parse(await readFile(ruleFile, 'utf8')) as { groups: { interval?: string }[] };
  for (const group of file.groups) group.interval ??= `${evaluationIntervalMs / 1000}s`;
  return stringify(file);
}

/** Consecutive firing evaluations become one firing, which ends at the first evaluation without. */
function firingsFromTicks(firing: readonly number[], all: readonly number[], origin: number): Firing[] {
  const firings: Firing[] = [];
  for (const tick of all) {
    const open = firings.at(-1);
    const isOpen = open !== undefined && open.until === undefined;
    if (firing.includes(tick) && !isOpen)
      firings.push({ at: origin + tick, why: ['promtool test rules: alert firing'] });
    else if (!firing.includes(tick) && isOpen) open.until = origin + tick;
  }
  return firings;
}

function selector(metric: Record<string, string>): string {
  const labels = Object.entries(metric)
    .filter(([name]) => name !== '__name__')
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(',');
  return `${metric.__name__ ?? ''}{${labels}}`;
}

/** promtool's expanding notation, one value per step: the latest sample at or before it, `_` when none. */
function valuesAtSteps(series: RangeSeries, origin: number, steps: number): string {
  const samples = [...series.values].sort(([a], [b]) => a - b);
  const values: string[] = [];
  let next = 0;
  let latest: [number, number] | undefined;
  for (let step = 0; step <= steps; step++) {
    const at = origin + step * STEP_MS;
    while (next < samples.length && samples[next]![0] * 1000 <= at) latest = samples[next++];
    values.push(latest && at - latest[0] * 1000 <= LOOKBACK_MS ? formatValue(latest[1]) : '_');
  }
  return values.join(' ');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
