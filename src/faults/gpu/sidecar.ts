import type Docker from 'dockerode';
import { EnvironmentError, errorMessage } from '../../errors.js';
import { connectDocker, containerLogText, isNotFound, isNotModified, requireImage } from '../../docker/engine.js';
import { heldMiBFrom, holdAmountArgs, type GpuHoldRequest } from './hold.js';

/** Every GPU sidecar carries this label, with its fault's name as the value. */
export const GPU_SIDECAR_LABEL = 'greenlight.gpu-sidecar';

const READY_TIMEOUT_MS = 120_000;
const POLL_MS = 250;
const STOP_TIMEOUT_S = 10;

export interface GpuSidecarRequest extends GpuHoldRequest {
  image: string;
  faultName: string;
}

/**
 * The container that runs `greenlight gpu hold` next to a Docker target: the GPU comes in through
 * a device request for the NVIDIA runtime, where it is device 0 whatever its ordinal on the host.
 * No network: it only allocates.
 */
export function gpuSidecarSpec(request: GpuSidecarRequest): Docker.ContainerCreateOptions {
  return {
    name: `greenlight-gpu-${request.faultName.replace(/[^a-zA-Z0-9_.-]/g, '-')}-${process.pid}`,
    Image: request.image,
    Cmd: ['gpu', 'hold', '--device', '0', ...holdAmountArgs(request)],
    // The NVIDIA runtime mounts libcuda.so.1 only for the compute capability.
    Env: ['NVIDIA_DRIVER_CAPABILITIES=compute,utility'],
    Labels: { [GPU_SIDECAR_LABEL]: request.faultName },
    HostConfig: {
      NetworkMode: 'none',
      DeviceRequests: [{ Driver: 'nvidia', DeviceIDs: [String(request.device)], Capabilities: [['gpu']] }],
    },
  };
}

/** Starts the sidecar and waits until it holds the memory; on any failure nothing is left behind. */
export async function startGpuSidecar(request: GpuSidecarRequest): Promise<{ containerId: string; heldMiB: number }> {
  const docker = await connectDocker(`fault "${request.faultName}" (GPU memory pressure in a sidecar)`);
  await requireImage(docker, request.image, `fault "${request.faultName}": the sidecar image`);
  const container = await docker.createContainer(gpuSidecarSpec(request));
  try {
    await container.start().catch((error: unknown) => {
      throw new EnvironmentError(
        `fault "${request.faultName}": the GPU sidecar could not start with NVIDIA GPU ${request.device}: ${errorMessage(error).trim()}. The Docker Engine needs the NVIDIA Container Toolkit for GPU device requests`,
        { cause: error },
      );
    });
    return { containerId: container.id, heldMiB: await waitUntilHolding(container, request.faultName) };
  } catch (error) {
    await container.remove({ force: true }).catch(() => undefined);
    throw error;
  }
}

async function waitUntilHolding(container: Docker.Container, faultName: string): Promise<number> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const logs = await containerLogText(container);
    const heldMiB = heldMiBFrom(logs);
    if (heldMiB !== undefined) return heldMiB;
    const { State } = await container.inspect();
    if (!State.Running || Date.now() > deadline) {
      const why = State.Running
        ? `did not allocate within ${READY_TIMEOUT_MS / 1000}s`
        : `exited with code ${State.ExitCode}`;
      const said = logs.trim().slice(-500);
      throw new EnvironmentError(`fault "${faultName}": the GPU sidecar ${why}${said ? `: ${said}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Stops the sidecar (SIGTERM: the helper frees the memory) and removes it; gone already is fine. */
export async function stopGpuSidecar(containerId: string): Promise<void> {
  const docker = await connectDocker('reverting GPU memory pressure in a sidecar');
  const container = docker.getContainer(containerId);
  try {
    await container.stop({ t: STOP_TIMEOUT_S }).catch((error: unknown) => {
      if (!isNotModified(error)) throw error;
    });
    await container.remove({ force: true });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
