import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { NO_STACK_TRACE, runCli, startCli } from '../../support/cli.js';
import {
  containersExperiment,
  docker,
  onlyRunDir,
  removeStackContainers,
  skipDocker,
  stackContainers,
  writeExperiment,
} from './docker-support.js';

/**
 * Nothing is left paused, limited or running: after SIGINT, after a failing fault, and — with
 * `greenlight cleanup` — after the run was killed with SIGKILL.
 */
const out = mkdtempSync(join(tmpdir(), 'greenlight-docker-cleanup-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const cliPids: number[] = [];
afterEach(() => removeStackContainers(cliPids));

const longFaults = containersExperiment('long-faults', {
  phases: [
    { name: 'baseline', duration: '2s' },
    { name: 'fault', duration: '60s' },
  ],
  faults: [
    { name: 'green-pause', kind: 'container-pause', target: 'green', during: 'fault' },
    { name: 'green-squeeze', kind: 'container-resources', target: 'green', during: 'fault', cpus: 0.5, memoryMiB: 256 },
  ],
});

describe.skipIf(skipDocker)('container faults leave nothing behind (real Docker Engine)', () => {
  it('SIGINT during a pause: faults reverted, containers removed', async () => {
    const folder = join(out, 'sigint');
    const run = startCli(['run', writeExperiment(join(out, 'sigint-experiment'), longFaults), '--out', folder], {
      timeoutMs: 90_000,
    });
    cliPids.push(run.child.pid!);
    await run.waitForStderr(/fault applied +green-squeeze/);
    await run.waitForStderr(/fault applied +green-pause/);
    run.child.kill('SIGINT');
    const result = await run.result;
    expect(result.code, result.stderr).toBe(130);
    expect(await stackContainers(run.child.pid)).toEqual([]);
    const summary = JSON.parse(readFileSync(join(onlyRunDir(folder), 'summary.json'), 'utf8')) as {
      cleanup: { clean: boolean };
    };
    expect(summary.cleanup.clean).toBe(true);
  });

  it('a fault that fails (disconnecting a host-networked container): exit 3, the live pause reverted, containers removed', async () => {
    const experiment = containersExperiment('failing-fault', {
      faults: [
        { name: 'green-pause', kind: 'container-pause', target: 'green', at: '1s', for: '6s' },
        { name: 'blue-cut', kind: 'container-disconnect', target: 'blue', at: '2s', network: 'bridge' },
      ],
    });
    const run = startCli(
      ['run', writeExperiment(join(out, 'failing-experiment'), experiment), '--out', join(out, 'failing')],
      { timeoutMs: 90_000 },
    );
    cliPids.push(run.child.pid!);
    const result = await run.result;
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/uses network mode "host", which cannot be disconnected/);
    expect(result.stderr).not.toMatch(NO_STACK_TRACE);
    expect(result.stderr).toMatch(/fault reverted +green-pause/);
    expect(await stackContainers(run.child.pid)).toEqual([]);
  });

  it('greenlight cleanup after SIGKILL of the run reverts the faults, then removes the containers the run created', async () => {
    const folder = join(out, 'sigkill');
    const run = startCli(['run', writeExperiment(join(out, 'sigkill-experiment'), longFaults), '--out', folder], {
      timeoutMs: 90_000,
    });
    cliPids.push(run.child.pid!);
    await run.waitForStderr(/fault applied +green-squeeze/);
    await run.waitForStderr(/fault applied +green-pause/);
    const runDir = onlyRunDir(folder);
    await waitFor(
      () =>
        existsSync(join(runDir, 'lease.json')) &&
        readFileSync(join(runDir, 'lease.json'), 'utf8').includes('green-pause'),
    );
    run.child.kill('SIGKILL');
    await run.result;

    const green = (await stackContainers(run.child.pid)).find(
      (container) => container.Labels['greenlight.colour'] === 'green',
    )!;
    const before = await docker.getContainer(green.Id).inspect();
    expect([before.State.Paused, before.HostConfig.CpuQuota, before.HostConfig.Memory]).toEqual([
      true,
      50_000,
      256 * 1024 * 1024,
    ]);

    const cleanup = await runCli(['cleanup', runDir]);
    expect(cleanup.code, cleanup.stderr).toBe(0);
    const lines = cleanup.stdout.split('\n');
    const revertedPause = lines.findIndex((line) => /reverted container-pause "green-pause" on green/.test(line));
    const revertedSqueeze = lines.findIndex((line) =>
      /reverted container-resources "green-squeeze" on green/.test(line),
    );
    const removedGreen = lines.findIndex((line) => /removed container greenlight-.*-green/.test(line));
    expect(
      [revertedPause, revertedSqueeze, removedGreen].every((index) => index >= 0),
      cleanup.stdout,
    ).toBe(true);
    expect(removedGreen).toBeGreaterThan(Math.max(revertedPause, revertedSqueeze));
    expect(cleanup.stdout).toMatch(/removed container greenlight-.*-blue/);
    expect(await stackContainers(run.child.pid)).toEqual([]);
    expect(existsSync(join(runDir, 'lease.json'))).toBe(false);
    expect(existsSync(join(runDir, 'stack-lease.json'))).toBe(false);
  });
});

async function waitFor(condition: () => boolean, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
