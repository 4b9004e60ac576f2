import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { faultSchema, type GpuMemoryPressureFault } from '../../../src/experiment/faults-schema.js';
import { GpuMemoryPressureDriver } from '../../../src/faults/gpu/driver.js';
import { readGpuMemory } from '../../../src/faults/gpu/nvidia-smi.js';
import { NO_STACK_TRACE, runCli } from '../../support/cli.js';
import { writeExperiment } from '../docker/docker-support.js';

/**
 * Real GPU memory pressure. Where an NVIDIA driver is present (nvidia-smi works), the CUDA
 * helper allocates 1 GiB and nvidia-smi sees it come and go. Everywhere else — this suite's
 * explicit CI behaviour, it never skips — the no-driver path is tested: exit 3 with a message,
 * before any run starts.
 */
const hasNvidiaDriver = spawnSync('nvidia-smi', ['-L'], { timeout: 10_000 }).status === 0;
const out = mkdtempSync(join(tmpdir(), 'greenlight-gpu-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const cudaExperiment = {
  name: 'cuda-pressure',
  target: { kind: 'embedded' as const },
  load: { profile: { kind: 'constant' as const, rate: 2 } },
  phases: [{ name: 'fault', duration: '2s' }],
  faults: [
    {
      name: 'vram-neighbour',
      kind: 'gpu-memory-pressure' as const,
      target: 'green' as const,
      at: 0,
      mode: 'cuda' as const,
      gib: 1,
    },
  ],
};

describe(`GPU memory pressure through CUDA (${hasNvidiaDriver ? 'NVIDIA driver present' : 'no NVIDIA driver on this host'})`, () => {
  if (hasNvidiaDriver) {
    it('the helper allocates 1 GiB, nvidia-smi sees it, and revert releases it', async () => {
      const driver = new GpuMemoryPressureDriver();
      const fault = faultSchema.parse(cudaExperiment.faults[0]) as GpuMemoryPressureFault;
      const before = await readGpuMemory(0);
      const lease = await driver.apply(fault, {});
      const during = await readGpuMemory(0);
      const description = driver.describe(fault);
      await driver.revert(lease);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const after = await readGpuMemory(0);
      process.stdout.write(
        `nvidia-smi memory.used MiB: before ${before.usedMiB}, during ${during.usedMiB}, after ${after.usedMiB} (total ${before.totalMiB})\n${description}\n`,
      );
      expect(during.usedMiB - before.usedMiB).toBeGreaterThanOrEqual(1000);
      expect(after.usedMiB - before.usedMiB).toBeLessThan(200);
      expect(description).toMatch(/nvidia-smi used \d+ → \d+ MiB/);
      expect(existsSync(`/proc/${lease.revert.pid}`)).toBe(false);
    });
  } else {
    it('greenlight run with mode cuda exits 3 naming the missing driver, before the run starts', async () => {
      const folder = join(out, 'reports');
      const result = await runCli(['run', writeExperiment(join(out, 'experiments'), cudaExperiment), '--out', folder]);
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toMatch(
        /fault "vram-neighbour" asks for real GPU memory pressure \(mode: 'cuda'\), but nvidia-smi does not work on this host .*no NVIDIA driver/,
      );
      expect(result.stderr).not.toMatch(NO_STACK_TRACE);
      expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
    });

    it('greenlight gpu hold exits 3 naming libcuda.so.1', async () => {
      const result = await runCli(['gpu', 'hold', '--gib', '1']);
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/needs the NVIDIA driver, but libcuda\.so\.1 cannot be loaded/);
      expect(result.stderr).not.toMatch(NO_STACK_TRACE);
    });
  }
});
