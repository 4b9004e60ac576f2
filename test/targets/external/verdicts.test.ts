import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RuleVerdict, Summary } from '../../../src/evaluate/summary.js';
import { runCli } from '../../support/cli.js';
import { startUserStack, type UserStackOptions } from '../../support/user-stack/index.js';
import { haproxyAvailable } from '../haproxy/available.js';

/**
 * The external target on a stack greenlight did not start (test/support/user-stack: real HAProxy
 * with its runtime API, blue and green behind the team's own `greenlight toxiproxy serve`, and the
 * team's rollback script as the controller). greenlight only observes the router, applies the
 * declared faults (simulated GPU pressure through green's reference admin API, latency on green's
 * proxy) and judges the four verdicts of docs/verdicts.md from the target file alone.
 */
const folder = mkdtempSync(join(tmpdir(), 'greenlight-external-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const EXPERIMENT = `export default {
  name: 'user-stack',
  seed: 5,
  load: {
    profile: { kind: 'ramp', startRate: 8, stages: [{ target: 30, duration: '10s' }] },
    workload: { mix: [{ request: { kind: 'chat', stream: true, promptTokens: { uniform: [200, 600] }, maxTokens: { uniform: [32, 96] } } }] },
  },
  phases: [{ name: 'baseline', duration: '8s' }, { name: 'fault', duration: '20s' }, { name: 'recovery', duration: '4s' }],
  faults: [
    { name: 'green-gpu-pressure', kind: 'gpu-memory-pressure', target: 'green', during: 'fault', gib: 9.75 },
    { name: 'green-latency', kind: 'latency', target: 'green', during: 'fault', latency: 100 },
  ],
  rollback: { rules: [{ name: 'green errors', colour: 'green', metric: 'error-rate', above: 0.05, window: '5s', minRequests: 10, within: '8s' }] },
};
`;

interface Case {
  name: string;
  stack: UserStackOptions;
  /** The fault-free variant for the false positive: green is never driven over the rule. */
  faults: boolean;
  verdict: RuleVerdict;
  code: number;
}

const CASES: Case[] = [
  {
    name: 'fired in time: the team script rolls back within the budget',
    stack: { rollback: { threshold: 0.05, window: 3, minRequests: 10, interval: 0.25 } },
    faults: true,
    verdict: 'fired-in-time',
    code: 0,
  },
  {
    name: 'fired late: the script waits 12 s of breach, past the 8 s budget',
    stack: { rollback: { threshold: 0.05, window: 3, minRequests: 10, interval: 0.25, hold: 12 } },
    faults: true,
    verdict: 'fired-late',
    code: 1,
  },
  { name: 'missed: nothing acts on the router', stack: {}, faults: true, verdict: 'missed', code: 1 },
  {
    name: 'false positive: a script tuned too tightly switches on green’s normal 3 % errors',
    stack: {
      knobs: { green: { errorRate: 0.03 } },
      rollback: { threshold: 0.01, window: 3, minRequests: 10, interval: 0.25 },
    },
    faults: false,
    verdict: 'false-positive',
    code: 1,
  },
];

describe.runIf(haproxyAvailable())("the external target on a user's own stack, with their rollback script", () => {
  it.each(CASES)(
    '$name',
    async ({ name, stack: options, faults, verdict, code }) => {
      const stack = await startUserStack(options);
      try {
        const slug = verdict;
        const experiment = join(folder, `${slug}.ts`);
        writeFileSync(experiment, faults ? EXPERIMENT : EXPERIMENT.replace(/ {2}faults: \[[\s\S]*?\n {2}\],\n/, ''));
        const target = join(folder, `${slug}.target.yaml`);
        writeFileSync(
          target,
          [
            'kind: external',
            'router:',
            `  url: ${stack.routerUrl}`,
            '  software: haproxy',
            `  observer: { kind: haproxy, runtimeApi: '${stack.haproxy.runtimeApi}', backend: ${stack.haproxy.backend}, servers: { blue: ${stack.haproxy.servers.blue}, green: ${stack.haproxy.servers.green} } }`,
            'colours:',
            `  blue: { url: ${stack.colours.blue.url} }`,
            `  green: { url: ${stack.colours.green.url}, referenceAdmin: ${stack.colours.green.url} }`,
            'toxiproxy:',
            `  url: ${stack.toxiproxy.url}`,
            `  proxies: { blue: ${stack.toxiproxy.proxies.blue}, green: ${stack.toxiproxy.proxies.green} }`,
            '',
          ].join('\n'),
        );
        const out = join(folder, slug);
        const result = await runCli(['run', experiment, '--target', target, '--out', out], { timeoutMs: 150_000 });
        const runDir = join(out, readdirSync(out)[0]!);
        const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Summary;
        const rule = summary.rollback.rules[0]!;
        expect(rule.verdict, `${name}\n${result.stdout}\n${result.stderr}\nscript:\n${stack.rollbackLog()}`).toBe(
          verdict,
        );
        expect(result.code).toBe(code);
        expect(summary.cleanup).toEqual({ clean: true, leftovers: [] });
        expect(summary.routerCost?.colours.map((colour) => colour.colour).sort()).toEqual(['blue', 'green']);
        expect(result.stderr).toContain(
          'router      ' + stack.routerUrl + "  (the target's own controller (greenlight only observes))",
        );
      } finally {
        await stack.stop();
      }
    },
    200_000,
  );
});
