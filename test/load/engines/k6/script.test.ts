import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'acorn';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSchema, type Profile } from '../../../../src/experiment/load-schema.js';
import { loadProfilePreset, profilePresetNames } from '../../../../src/experiment/profile-presets.js';
import { sloSchema, type Slo } from '../../../../src/experiment/slo-schema.js';
import { MAX_RELATIVE_ERROR, writeK6Files, type K6Files } from '../../../../src/load/engines/k6/index.js';
import { profileShape } from '../../../../src/load/profiles/shape.js';
import { formatPercent } from '../../../../src/util/format.js';
import { constantVusSchema, goDurationMs, optionsSchema, rampingArrivalRateSchema } from './k6-schema.js';

/** No k6 binary can be installed here: these tests check the script and options k6 would get. */
const folder = mkdtempSync(join(tmpdir(), 'greenlight-k6-script-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const DURATION_MS = 120_000;
const PROFILES: Record<string, Profile> = {
  constant: { kind: 'constant', rate: 25 },
  'constant, low rate': { kind: 'constant', rate: 0.3 },
  ramp: {
    kind: 'ramp',
    startRate: 5,
    stages: [
      { target: 40, duration: 30_000 },
      { target: 10, duration: 45_000 },
    ],
  },
  spike: { kind: 'spike', baseRate: 10, peakRate: 120, before: 20_000, rise: 2000, hold: 10_000, fall: 5000 },
  sine: { kind: 'sine', baseRate: 30, amplitude: 20, period: 40_000, phase: 0 },
  'sine touching zero': { kind: 'sine', baseRate: 10, amplitude: 10, period: 60_000, phase: -90 },
  step: {
    kind: 'step',
    steps: [
      { rate: 5, duration: 20_000 },
      { rate: 50, duration: 20_000 },
      { rate: 15, duration: 20_000 },
    ],
  },
  sequence: {
    kind: 'sequence',
    parts: [
      { duration: 30_000, profile: { kind: 'constant', rate: 10 } },
      { duration: 60_000, profile: { kind: 'sine', baseRate: 20, amplitude: 5, period: 20_000, phase: 0 } },
      { duration: 30_000, profile: { kind: 'ramp', startRate: 20, stages: [{ target: 0, duration: 30_000 }] } },
    ],
  },
  sum: {
    kind: 'sum',
    profiles: [
      { kind: 'constant', rate: 20 },
      { kind: 'sine', baseRate: 5, amplitude: 5, period: 30_000, phase: 0 },
    ],
  },
};

const SLOS: Slo[] = [
  { name: 'few errors', metric: 'error-rate', below: 0.01 },
  { name: 'green latency', colour: 'green', metric: 'latency', percentile: 99, below: 500 },
  { name: 'blue steady ttft', colour: 'blue', phase: 'steady', metric: 'ttft', percentile: 95, below: 800 },
  { name: 'throughput', metric: 'throughput', above: 5 },
  { name: 'nothing dropped', metric: 'dropped', below: 1 },
  { name: 'token gaps', metric: 'itl', below: 50 },
].map((slo) => sloSchema.parse(slo));

const PHASES = [
  { name: 'warmup', duration: 20_000 },
  { name: 'steady', duration: DURATION_MS - 20_000 },
];

async function generate(name: string, load: unknown, slos: readonly Slo[] = SLOS): Promise<K6Files> {
  const runDir = join(folder, name.replace(/[^a-z0-9]+/gi, '-'));
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  return writeK6Files(runDir, {
    url: 'http://127.0.0.1:9',
    load: loadSchema.parse(load),
    durationMs: DURATION_MS,
    seed: 7,
    slos,
    phases: PHASES,
  });
}

/** Parses the script as an ES2017 module (what k6's runtime is given) and lists its imports. */
function importsOf(code: string): string[] {
  const program = parse(code, { ecmaVersion: 2017, sourceType: 'module' });
  return program.body.flatMap((node) => (node.type === 'ImportDeclaration' ? [String(node.source.value)] : []));
}

/** The rate k6 runs at under these stages, evaluated independently of the generator. */
function stagesRate(
  scenario: { startRate?: number; timeUnit?: string; stages: { target: number; duration: string }[] },
  tMs: number,
): number {
  const unitMs = goDurationMs(scenario.timeUnit ?? '1s');
  let start = 0;
  let from = scenario.startRate ?? 0;
  for (const stage of scenario.stages) {
    const length = goDurationMs(stage.duration);
    if (tMs <= start + length)
      return ((from + (stage.target - from) * (length === 0 ? 1 : (tMs - start) / length)) * 1000) / unitMs;
    start += length;
    from = stage.target;
  }
  return (from * 1000) / unitMs;
}

/** Largest relative error on a 25 ms grid, skipping the inside of 1 ms stages (jumps of the exact rate). */
function independentError(profile: Profile, scenario: Parameters<typeof stagesRate>[0]): number {
  const shape = profileShape(profile);
  const jumps: [number, number][] = [];
  let start = 0;
  for (const stage of scenario.stages) {
    const length = goDurationMs(stage.duration);
    if (length <= 1) jumps.push([start, start + length]);
    start += length;
  }
  let peak = 0;
  for (let t = 0; t <= DURATION_MS; t += 25) peak = Math.max(peak, shape.rateAt(t));
  let worst = 0;
  for (let t = 0; t <= DURATION_MS; t += 25) {
    if (jumps.some(([a, b]) => t > a && t < b)) continue;
    const exact = shape.rateAt(t);
    worst = Math.max(worst, Math.abs(stagesRate(scenario, t) - exact) / Math.max(exact, peak / 100));
  }
  return worst;
}

describe('k6 script generation', () => {
  it.each(Object.entries(PROFILES))(
    '%s: a parseable k6 module, options in k6’s schema, stages within the recorded error',
    async (name, profile) => {
      const files = await generate(name, {
        profile,
        workload: {
          mix: [
            { request: { kind: 'chat' } },
            { request: { kind: 'ollama-generate', promptTokens: { uniform: [10, 90] } } },
          ],
        },
      });
      const code = readFileSync(files.scriptPath, 'utf8');
      expect(new Set(importsOf(code))).toEqual(new Set(['k6/execution', 'k6/http', 'k6/metrics']));
      expect(code).toMatch(/export\s*\{[^}]*\boptions\b[^}]*\}/);
      expect(code).toMatch(/export\s*\{[^}]*\bsetup\b[^}]*\}/);
      expect(code).toMatch(/as default/);

      const options = optionsSchema.parse(JSON.parse(readFileSync(files.optionsPath, 'utf8')));
      const scenario = rampingArrivalRateSchema.parse(options.scenarios['greenlight']);
      const total = scenario.stages.reduce((sum, stage) => sum + goDurationMs(stage.duration), 0);
      expect(total).toBe(DURATION_MS);
      expect(scenario.gracefulStop).toBe('30000ms');

      const recorded = files.stages!.maxRelativeError;
      expect(recorded).toBeLessThanOrEqual(MAX_RELATIVE_ERROR);
      expect(independentError(profile, scenario)).toBeLessThanOrEqual(MAX_RELATIVE_ERROR);
      expect(code).toContain(`largest relative error ${formatPercent(recorded, 3)}`);

      // maxVUs: peak rate × the 30 s request timeout, capped by maxInFlight (512).
      const peak = files.stages!.peakRps;
      expect(scenario.maxVUs).toBe(Math.min(512, Math.max(1, Math.ceil(peak * 30))));
    },
  );

  it('names the timeUnit it needed: whole targets per second would distort a low rate', async () => {
    const files = await generate('low', { profile: PROFILES['constant, low rate'] });
    const scenario = rampingArrivalRateSchema.parse(files.options.scenarios?.['greenlight']);
    expect(scenario.timeUnit).toBe('1m');
    expect(scenario.startRate).toBe(18);
  });

  it('generates every preset in loadprofiles/ within the error bound', async () => {
    const names = profilePresetNames();
    let checked = 0;
    for (const name of names) {
      const { profile } = await loadProfilePreset(name);
      const files = await generate(`preset-${name}`, { profile });
      const scenario = rampingArrivalRateSchema.parse(optionsSchema.parse(files.options).scenarios['greenlight']);
      expect(files.stages!.maxRelativeError, name).toBeLessThanOrEqual(MAX_RELATIVE_ERROR);
      expect(independentError(profile, scenario), name).toBeLessThanOrEqual(MAX_RELATIVE_ERROR);
      expect(new Set(importsOf(readFileSync(files.scriptPath, 'utf8'))), name).toEqual(
        new Set(['k6/execution', 'k6/http', 'k6/metrics']),
      );
      checked++;
    }
    expect(checked).toBe(names.length);
  });

  it('refuses a profile whole targets cannot follow within 2 % (0.36 arrivals an hour rounds to 0)', async () => {
    await expect(generate('too-low', { profile: { kind: 'constant', rate: 0.0001 } })).rejects.toThrow(
      /load\.profile: k6 stages cannot follow this profile within 2 % \(best 100\.00 %\); use the native engine/,
    );
  });

  it('compiles SLOs into thresholds on the colour- and phase-tagged metrics, and says which it cannot', async () => {
    const files = await generate('thresholds', { profile: PROFILES.constant });
    expect(files.options.thresholds).toEqual({
      greenlight_failed: ['rate<0.01'],
      'greenlight_request{ok:true,colour:green}': ['p(99)<500'],
      'greenlight_ttft{colour:blue,phase:steady}': ['p(95)<800'],
      greenlight_succeeded: ['rate>5'],
      dropped_iterations: ['count<1'],
    });
    expect(files.skippedSlos).toEqual([
      { name: 'token gaps', reason: expect.stringContaining('buffers response bodies') },
    ]);
    const code = readFileSync(files.scriptPath, 'utf8');
    expect(code).toContain('SLO "token gaps" has no k6 threshold');
  });

  it('a closed model (concurrency) becomes constant-vus for the run’s length', async () => {
    const files = await generate('closed', { concurrency: 12 });
    const scenario = constantVusSchema.parse(optionsSchema.parse(files.options).scenarios['greenlight']);
    expect(scenario).toMatchObject({ vus: 12, duration: `${DURATION_MS}ms` });
    expect(files.stages).toBeUndefined();
  });

  it('bundles the workload code so both engines send the same requests', async () => {
    const files = await generate('workload', {
      profile: PROFILES.constant,
      workload: { mix: [{ request: { kind: 'completions', model: 'm1' } }] },
    });
    const code = readFileSync(files.scriptPath, 'utf8');
    expect(code).toContain('/v1/completions');
    expect(code).toContain('include_usage');
    expect(code).toContain('x-greenlight-colour');
    expect(code).toMatch(/seed: 7\b/);
  });
});
