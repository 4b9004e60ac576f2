import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../src/errors.js';
import { faultSchema, type GpuMemoryPressureFault } from '../../../src/experiment/faults-schema.js';
import type { FaultLease } from '../../../src/faults/driver.js';
import { GpuMemoryPressureDriver } from '../../../src/faults/gpu/driver.js';
import { readGpuMemory } from '../../../src/faults/gpu/nvidia-smi.js';
import { GPU_SIDECAR_LABEL, gpuSidecarSpec, startGpuSidecar } from '../../../src/faults/gpu/sidecar.js';
import { docker, skipDocker } from '../docker/docker-support.js';

/**
 * The CUDA helper in a sidecar container, against the real Docker Engine. With an NVIDIA driver
 * the sidecar allocates 1 GiB and nvidia-smi sees it come and go; everywhere else the Engine
 * refuses the GPU device request and nothing may be left behind.
 */
const IMAGE = 'greenlight-reference:local';
const hasNvidiaDriver = spawnSync('nvidia-smi', ['-L'], { timeout: 10_000 }).status === 0;
const created: string[] = [];
afterAll(async () => {
  for (const id of created)
    await docker
      .getContainer(id)
      .remove({ force: true })
      .catch(() => undefined);
});

const sidecarFault = (name: string): GpuMemoryPressureFault =>
  faultSchema.parse({
    name,
    kind: 'gpu-memory-pressure',
    target: 'green',
    at: 0,
    mode: 'cuda',
    helper: 'sidecar',
    gib: 1,
  }) as GpuMemoryPressureFault;

const sidecarsOf = async (faultName: string): Promise<string[]> =>
  (
    await docker.listContainers({
      all: true,
      filters: JSON.stringify({ label: [`${GPU_SIDECAR_LABEL}=${faultName}`] }),
    })
  ).map((info) => info.Id);

describe('the GPU sidecar container', () => {
  it('asks Docker for the chosen GPU, where the helper sees it as device 0, with no network', () => {
    const spec = gpuSidecarSpec({ image: IMAGE, faultName: 'vram neighbour', device: 3, percent: 40 });

    expect(spec).toMatchObject({
      Image: IMAGE,
      Cmd: ['gpu', 'hold', '--device', '0', '--percent', '40'],
      Labels: { [GPU_SIDECAR_LABEL]: 'vram neighbour' },
      HostConfig: {
        NetworkMode: 'none',
        DeviceRequests: [{ Driver: 'nvidia', DeviceIDs: ['3'], Capabilities: [['gpu']] }],
      },
    });
    expect(spec.name).toMatch(/^greenlight-gpu-vram-neighbour-\d+$/);
  });

  it("is only accepted with mode: 'cuda'", () => {
    const parsed = faultSchema.safeParse({
      name: 'x',
      kind: 'gpu-memory-pressure',
      target: 'green',
      at: 0,
      helper: 'sidecar',
      gib: 1,
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['helper'],
      message: expect.stringMatching(/needs mode: 'cuda'/),
    });
  });
});

describe.skipIf(skipDocker)(
  `the GPU sidecar on the real Docker Engine (${hasNvidiaDriver ? 'NVIDIA driver present' : 'no NVIDIA driver'})`,
  () => {
    if (hasNvidiaDriver) {
      it('allocates 1 GiB that nvidia-smi sees, and revert releases it and removes the sidecar', async () => {
        const driver = new GpuMemoryPressureDriver();
        const fault = sidecarFault('sidecar-vram');
        const before = await readGpuMemory(0);
        const lease = await driver.apply(fault, {});
        const during = await readGpuMemory(0);
        await driver.revert(lease);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const after = await readGpuMemory(0);
        process.stdout.write(
          `sidecar: nvidia-smi memory.used MiB before ${before.usedMiB}, during ${during.usedMiB}, after ${after.usedMiB}\n${driver.describe(fault)}\n`,
        );
        expect(during.usedMiB - before.usedMiB).toBeGreaterThanOrEqual(1000);
        expect(after.usedMiB - before.usedMiB).toBeLessThan(200);
        expect(await sidecarsOf(fault.name)).toEqual([]);
      });
    } else {
      it('fails with an environment error naming the NVIDIA Container Toolkit, and leaves no container', async () => {
        const fault = sidecarFault('sidecar-no-gpu');

        const started = startGpuSidecar({ image: fault.image, faultName: fault.name, device: 0, gib: 1 });

        await expect(started).rejects.toThrow(EnvironmentError);
        await expect(started).rejects.toThrow(
          /GPU sidecar could not start with NVIDIA GPU 0: .*NVIDIA Container Toolkit/,
        );
        expect(await sidecarsOf(fault.name)).toEqual([]);
      });
    }

    it('names a missing image and how to build it', async () => {
      await expect(
        startGpuSidecar({ image: 'greenlight-no-such-image:local', faultName: 'no-image', device: 0, gib: 1 }),
      ).rejects.toThrow(/sidecar image "greenlight-no-such-image:local" is not there .*npm run image:build/);
    });

    it('revert (and so greenlight cleanup) stops and removes the sidecar a lease names, and is idempotent', async () => {
      // A stand-in for a sidecar that holds memory: the same image, running until stopped.
      const container = await docker.createContainer({
        Image: IMAGE,
        Cmd: ['reference', 'serve', '--host', '127.0.0.1', '--port', '0'],
        Labels: { [GPU_SIDECAR_LABEL]: 'revert-check' },
        HostConfig: { NetworkMode: 'none' },
      });
      created.push(container.id);
      await container.start();
      const lease: FaultLease = {
        name: 'revert-check',
        kind: 'gpu-memory-pressure',
        target: 'green',
        revert: { mode: 'cuda', device: 0, container: container.id },
      };
      const driver = new GpuMemoryPressureDriver();

      await driver.revert(lease);
      await driver.revert(lease);

      expect(await sidecarsOf('revert-check')).toEqual([]);
    });
  },
);
