import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../../src/evaluate/summary.js';
import type { ExperimentInput } from '../../../src/experiment/schema.js';
import { processesWithMarker, startCli } from '../../support/cli.js';
import { haproxyAvailable } from './available.js';

/**
 * The four rollback-trigger cases against a real HAProxy: each runs `greenlight run` on the
 * embedded stack with `router: { kind: 'haproxy' }` (HAProxy started from a generated
 * configuration, the reference controller switching through its runtime API, the observer
 * polling it) and checks the verdict greenlight gives.
 */
const RULE = {
  name: 'green errors',
  colour: 'green',
  metric: 'error-rate',
  window: '3s',
  minRequests: 10,
  switchTo: 'blue',
} as const;

/**
 * Not streamed: HAProxy's counters see status lines only, and a stream that fails after its 200
 * counts as a success there (docs/routers.md). GPU memory pressure fails requests with 500s then.
 */
const UNSTREAMED_LOAD: ExperimentInput['load'] = {
  profile: { kind: 'constant', rate: 20 },
  workload: {
    mix: [
      {
        weight: 1,
        request: {
          kind: 'chat',
          stream: false,
          promptTokens: { uniform: [200, 600] },
          maxTokens: { uniform: [32, 96] },
        },
      },
    ],
  },
};

type EmbeddedInput = Extract<NonNullable<ExperimentInput['target']>, { kind: 'embedded' }>;
type ControllerInput = NonNullable<NonNullable<EmbeddedInput['router']>['controller']>;

function experiment(
  name: string,
  parts: {
    greenErrorRate: number;
    seconds: number;
    above: number;
    within: string;
    controller: ControllerInput;
    minRequests?: number;
  },
): ExperimentInput {
  return {
    name,
    seed: 11,
    target: {
      kind: 'embedded',
      green: { errorRate: parts.greenErrorRate },
      router: { kind: 'haproxy', weights: { blue: 50, green: 50 }, controller: parts.controller },
    },
    load: { profile: { kind: 'constant', rate: 20 } },
    phases: [{ name: 'run', duration: `${parts.seconds}s` }],
    rollback: {
      rules: [
        { ...RULE, above: parts.above, within: parts.within, minRequests: parts.minRequests ?? RULE.minRequests },
      ],
    },
  };
}

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'greenlight-haproxy-verdicts-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function run(input: ExperimentInput): Promise<{ code: number | null; summary: Summary; stdout: string }> {
  const file = join(folder, `${input.name}.ts`);
  await writeFile(file, `export default ${JSON.stringify(input, null, 2)};\n`);
  const out = join(folder, 'reports');
  const cli = startCli(['run', file, '--out', out], { timeoutMs: 60_000 });
  const result = await cli.result;
  // HAProxy, the controller and the reference services are gone with the run.
  expect(processesWithMarker(cli.marker)).toEqual([]);
  // The start banner (on stderr) names HAProxy's folder; it is removed with the run.
  const haproxyFolder = /runtime API (\S+)\/admin\.sock/.exec(result.stderr)?.[1];
  expect(haproxyFolder, result.stderr).toBeDefined();
  expect(existsSync(haproxyFolder!)).toBe(false);
  const runs = (await readdir(out)).filter((entry) => entry.endsWith(input.name));
  const summary = JSON.parse(await readFile(join(out, runs[0]!, 'summary.json'), 'utf8')) as Summary;
  return { code: result.code, summary, stdout: result.stdout };
}

describe.runIf(haproxyAvailable())('rollback verdicts against a real HAProxy', () => {
  it('fires in time: the controller switches HAProxy to blue within the budget', async () => {
    const input = experiment('haproxy-in-time', {
      greenErrorRate: 0,
      seconds: 12,
      above: 0.05,
      within: '5s',
      controller: {},
    });
    const { code, summary, stdout } = await run({
      ...input,
      load: UNSTREAMED_LOAD,
      faults: [{ name: 'green-gpu-pressure', kind: 'gpu-memory-pressure', target: 'green', at: '5s', gib: 9.75 }],
    });
    const rule = summary.rollback.rules[0]!;
    expect(rule.verdict, stdout).toBe('fired-in-time');
    expect(rule.detectionSeconds).toBeLessThanOrEqual(5);
    expect(summary.rollback.switches.map((s) => s.to)).toEqual(['blue']);
    expect(rule.recoverySeconds).not.toBeNull();
    expect(code).toBe(0);
  });

  it('fires late: a controller that waits 8 s misses a 3 s budget', async () => {
    const { code, summary, stdout } = await run(
      experiment('haproxy-late', {
        greenErrorRate: 0.3,
        seconds: 16,
        above: 0.05,
        within: '3s',
        controller: {
          rules: [{ colour: 'green', metric: 'error-rate', above: 0.05, window: '3s', minRequests: 10, for: '8s' }],
        },
      }),
    );
    const rule = summary.rollback.rules[0]!;
    expect(rule.verdict, stdout).toBe('fired-late');
    expect(rule.detectionSeconds).toBeGreaterThan(3);
    expect(rule.failedRequestsBeforeSwitch).toBeGreaterThan(0);
    expect(code).toBe(1);
  });

  it('never fires: with the controller off, the rollback is missed', async () => {
    const { code, summary, stdout } = await run(
      experiment('haproxy-missed', {
        greenErrorRate: 0.3,
        seconds: 8,
        above: 0.05,
        within: '5s',
        controller: { enabled: false },
      }),
    );
    const rule = summary.rollback.rules[0]!;
    expect(rule.verdict, stdout).toBe('missed');
    expect(summary.rollback.switches).toEqual([]);
    // Streams pass through HAProxy unbuffered: the first token arrives long before the end.
    expect(summary.load.ttftMs.p50!).toBeLessThan(summary.load.latencyMs.p50! / 2);
    expect(summary.load.byColour.green?.requests).toBeGreaterThan(0);
    expect(code).toBe(1);
  });

  it('switches under benign load: a controller tuned too tightly is a false positive', async () => {
    const { code, summary, stdout } = await run(
      experiment('haproxy-false-positive', {
        greenErrorRate: 0.05,
        seconds: 10,
        above: 0.3,
        within: '5s',
        controller: { rules: [{ colour: 'green', metric: 'error-rate', above: 0, window: '3s', minRequests: 1 }] },
      }),
    );
    const rule = summary.rollback.rules[0]!;
    expect(rule.verdict, stdout).toBe('false-positive');
    expect(rule.conditionMetAt).toBeNull();
    expect(summary.rollback.switches.map((s) => s.to)).toEqual(['blue']);
    expect(code).toBe(1);
  });

  it('follows a staged canary stage by stage until the rule rolls it back', async () => {
    const input = experiment('haproxy-canary', {
      greenErrorRate: 0,
      seconds: 12,
      above: 0.05,
      within: '5s',
      controller: {},
    });
    const { summary, stdout } = await run({
      ...input,
      canary: { stages: [10, 50, 100], every: '4s' },
      load: UNSTREAMED_LOAD,
      // Green holds 50 % by then; its GPU memory runs short and it starts failing.
      faults: [{ name: 'green-gpu-pressure', kind: 'gpu-memory-pressure', target: 'green', at: '5s', gib: 9.75 }],
    });
    expect(
      summary.canary?.stages.map((stage) => stage.status),
      stdout,
    ).toEqual(['on-time', 'on-time', 'halted']);
    expect(summary.rollback.rules[0]!.verdict, stdout).toBe('fired-in-time');
    expect(summary.rollback.switches.map((s) => s.weights?.to)).toEqual([
      { blue: 50, green: 50 },
      { blue: 100, green: 0 },
    ]);
  });

  it('learns the switch from the responses alone (response-header observer), for any router', async () => {
    const input = experiment('header-observer', {
      greenErrorRate: 0,
      seconds: 12,
      above: 0.05,
      within: '5s',
      controller: {},
    });
    const target = {
      ...(input.target as EmbeddedInput),
      router: { kind: 'haproxy' as const, observer: 'response-header' as const },
    };
    const { summary, stdout } = await run({
      ...input,
      target,
      load: UNSTREAMED_LOAD,
      // A few healthy seconds first, so the observer has seen the split before green fails.
      faults: [{ name: 'green-gpu-pressure', kind: 'gpu-memory-pressure', target: 'green', at: '5s', gib: 9.75 }],
    });
    expect(summary.rollback.rules[0]!.verdict, stdout).toBe('fired-in-time');
    expect(summary.rollback.switches.map((s) => s.to)).toEqual(['blue']);
  });
});
