import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../../src/evaluate/summary.js';
import { docker, dockerReady } from '../../faults/docker/docker-support.js';
import { NO_STACK_TRACE, runCli, startCli, type CliRun } from '../../support/cli.js';
import { startUserStack, type UserStack } from '../../support/user-stack/index.js';
import {
  snapshotUserStack,
  userHaproxyWeights,
  userProxies,
  userVramPressure,
  type UserStackSnapshot,
} from '../../support/user-stack/snapshot.js';
import { userStackTarget, writeTargetFile } from '../../support/user-stack/target-file.js';
import { haproxyAvailable } from '../haproxy/available.js';

/**
 * Whatever ends a run on a team's own stack — SIGINT, SIGTERM, a fault that fails part-way, or
 * SIGKILL followed by `greenlight cleanup` — the stack is left exactly as it was: the team's
 * Toxiproxy has only its own proxies, enabled and without toxics (the proxy greenlight created
 * from listen/upstream is gone), HAProxy's weights are those before the run (greenlight's
 * reference controller had moved them), green's simulated VRAM pressure is 0, and green's
 * container (Docker) runs, unpaused, and is never removed.
 */
const folder = mkdtempSync(join(tmpdir(), 'greenlight-nothing-left-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** With Docker, green runs in a container and takes container faults too; under CI=true it must. */
const withDocker = dockerReady || Boolean(process.env.CI);
const WEIGHTS = { blue: 60, green: 40 };

function experiment(name: string, extraFaults: string[] = []): string {
  const faults = [
    `{ name: 'green-vram', kind: 'gpu-memory-pressure', target: 'green', during: 'fault', gib: 9.75 }`,
    `{ name: 'green-slow', kind: 'latency', target: 'green', during: 'fault', latency: 80 }`,
    `{ name: 'blue-created-slow', kind: 'latency', target: 'blue', during: 'fault', latency: 10 }`,
    `{ name: 'green-down', kind: 'outage', target: 'green', at: '10s', for: '50s' }`,
    ...(withDocker
      ? [`{ name: 'green-frozen', kind: 'container-pause', target: 'green', at: '10s', for: '50s' }`]
      : []),
    ...extraFaults,
  ];
  const path = join(folder, `${name}.ts`);
  writeFileSync(
    path,
    `export default {
  name: '${name}',
  seed: 3,
  load: { profile: { kind: 'constant', rate: 16 }, workload: { mix: [{ request: { kind: 'chat', stream: true, promptTokens: { uniform: [200, 600] }, maxTokens: 24 } }] }, timeout: '5s' },
  phases: [{ name: 'baseline', duration: '3s' }, { name: 'fault', duration: '60s' }],
  faults: [
    ${faults.join(',\n    ')},
  ],
  rollback: { rules: [{ name: 'green errors', colour: 'green', metric: 'error-rate', above: 0.05, window: '2s', minRequests: 5, within: '10s' }] },
};
`,
  );
  return path;
}

/** The user stack (green in Docker when there is Docker), its state before, and a target file on it. */
async function userStack(name: string): Promise<{ stack: UserStack; before: UserStackSnapshot; target: string }> {
  const stack = await startUserStack({ weights: WEIGHTS, ...(withDocker ? { dockerColours: ['green'] } : {}) });
  const target = userStackTarget(stack, { controller: 'reference' });
  target.toxiproxy!.proxies = {
    blue: { listen: '127.0.0.1:0', upstream: new URL(stack.colours.blue.url).host },
    green: stack.toxiproxy.proxies.green,
  };
  if (stack.containers.green) target.colours!.green!.container = `name:${stack.containers.green}`;
  return {
    stack,
    before: await snapshotUserStack(stack),
    target: writeTargetFile(join(folder, `${name}.yaml`), target),
  };
}

/** Waits until greenlight's reference controller has rolled back and the last fault is applied. */
async function faultsLive(run: CliRun, stack: UserStack): Promise<void> {
  await run.waitForStderr(/fault applied +green-down/, 45_000);
  if (withDocker) await run.waitForStderr(/fault applied +green-frozen/, 10_000);
  const deadline = Date.now() + 20_000;
  while ((await userHaproxyWeights(stack))[stack.haproxy.servers.green] !== 0) {
    if (Date.now() > deadline) throw new Error("greenlight's reference controller never rolled back green");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The stack as it was, and green's container still there and running. */
async function expectAsBefore(stack: UserStack, before: UserStackSnapshot): Promise<void> {
  expect(await snapshotUserStack(stack)).toEqual(before);
  if (stack.containers.green) {
    const state = (await docker.getContainer(stack.containers.green).inspect()).State;
    expect([state.Running, state.Paused]).toEqual([true, false]);
  }
}

function onlyRunDir(out: string): string {
  const entries = readdirSync(out);
  expect(entries).toHaveLength(1);
  return join(out, entries[0]!);
}

describe.runIf(haproxyAvailable())("nothing is left behind on a team's own stack (external target)", () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s: faults reverted, created proxy removed, weights set back; exit 130',
    async (signal) => {
      const { stack, before, target } = await userStack(signal);
      try {
        expect(before.weights).toEqual({
          [stack.haproxy.servers.blue]: WEIGHTS.blue,
          [stack.haproxy.servers.green]: WEIGHTS.green,
        });
        const out = join(folder, signal);
        const run = startCli(['run', experiment(signal), '--target', target, '--out', out], { timeoutMs: 120_000 });
        await faultsLive(run, stack);
        expect(await userHaproxyWeights(stack)).not.toEqual(before.weights);
        run.child.kill(signal);
        const result = await run.result;
        expect(result.code, result.stderr).toBe(130);
        expect(result.stderr).not.toMatch(NO_STACK_TRACE);
        await expectAsBefore(stack, before);
        const runDir = onlyRunDir(out);
        const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Summary;
        expect(summary.cleanup).toEqual({ clean: true, leftovers: [] });
        expect(existsSync(join(runDir, 'lease.json'))).toBe(false);
        expect(existsSync(join(runDir, 'stack-lease.json'))).toBe(false);
      } finally {
        await stack.stop();
      }
    },
    150_000,
  );

  it.runIf(withDocker)(
    'a fault that fails part-way (disconnecting a host-networked container): exit 3, everything set back',
    async () => {
      const { stack, before, target } = await userStack('failing');
      try {
        const failing = `{ name: 'green-cut', kind: 'container-disconnect', target: 'green', at: '16s', network: 'bridge' }`;
        const out = join(folder, 'failing');
        const run = startCli(['run', experiment('failing', [failing]), '--target', target, '--out', out], {
          timeoutMs: 120_000,
        });
        await faultsLive(run, stack);
        const result = await run.result;
        expect(result.code, result.stderr).toBe(3);
        expect(result.stderr).toMatch(/green-cut/);
        expect(result.stderr).toMatch(/uses network mode "host", which cannot be disconnected/);
        expect(result.stderr).not.toMatch(NO_STACK_TRACE);
        await expectAsBefore(stack, before);
        expect(existsSync(join(onlyRunDir(out), 'stack-lease.json'))).toBe(false);
      } finally {
        await stack.stop();
      }
    },
    150_000,
  );

  it('SIGKILL, then greenlight cleanup <run-dir>: faults reverted, created proxy removed, weights set back', async () => {
    const { stack, before, target } = await userStack('sigkill');
    try {
      const out = join(folder, 'sigkill');
      const run = startCli(['run', experiment('sigkill'), '--target', target, '--out', out], { timeoutMs: 120_000 });
      await faultsLive(run, stack);
      const runDir = onlyRunDir(out);
      const leased = (): string =>
        existsSync(join(runDir, 'lease.json')) ? readFileSync(join(runDir, 'lease.json'), 'utf8') : '';
      while (!leased().includes('green-down') || (withDocker && !leased().includes('green-frozen')))
        await new Promise((resolve) => setTimeout(resolve, 50));
      run.child.kill('SIGKILL');
      await run.result;

      // Killed: the faults, the created proxy and the controller's weights are all still there.
      const proxies = await userProxies(stack);
      expect(proxies[stack.toxiproxy.proxies.green]).toEqual({ enabled: false, toxics: ['greenlight-green-slow'] });
      expect(Object.keys(proxies)).toHaveLength(3);
      expect((await userHaproxyWeights(stack))[stack.haproxy.servers.green]).toBe(0);
      if (stack.containers.green) {
        expect((await docker.getContainer(stack.containers.green).inspect()).State.Paused).toBe(true);
      } else {
        expect((await userVramPressure(stack)).green).toBeGreaterThan(0);
      }

      const cleanup = await runCli(['cleanup', runDir]);
      expect(cleanup.code, cleanup.stderr).toBe(0);
      expect(cleanup.stdout).toMatch(/reverted outage "green-down" on green/);
      expect(cleanup.stdout).toMatch(/removed proxy "greenlight-blue-[0-9a-f]+" on the Toxiproxy at/);
      expect(cleanup.stdout).toContain(
        `set back the weights of HAProxy backend ${stack.haproxy.backend} at ${stack.haproxy.runtimeApi} (${stack.haproxy.servers.blue} 60, ${stack.haproxy.servers.green} 40)`,
      );
      expect(cleanup.stdout).toMatch(/, 1 setting\(s\) set back, 0 failed/);
      await expectAsBefore(stack, before);
      // Nothing of the killed run is still acting on the stack (its controller died with it).
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await expectAsBefore(stack, before);
      expect(existsSync(join(runDir, 'lease.json'))).toBe(false);
      expect(existsSync(join(runDir, 'stack-lease.json'))).toBe(false);
    } finally {
      await stack.stop();
    }
  }, 150_000);
});
