import type { ContainersTarget } from '../../experiment/target-schema.js';
import { connectDocker, requireImage } from '../../docker/engine.js';
import { startEmbeddedStack, type EmbeddedStackOptions } from '../embedded/stack.js';
import type { RunningTarget } from '../target.js';
import { startServiceContainers } from './services.js';

/**
 * The containers target: blue and green run as Docker containers of the reference service image
 * (host network, loopback ports) behind the same Toxiproxy and router as the embedded stack, so
 * container faults (pause, kill, limits, …) hit real containers.
 */
export async function startContainersStack(
  target: ContainersTarget,
  options: Omit<EmbeddedStackOptions, 'startServices'>,
): Promise<RunningTarget> {
  const docker = await connectDocker('target kind "containers"');
  await requireImage(docker, target.image, 'target.image: the Docker image');
  const stackId = `${process.pid}-${Date.now().toString(36)}`;
  return startEmbeddedStack(target, {
    ...options,
    startServices: (_target, { seed }) => startServiceContainers(docker, target, { seed, stackId }),
  });
}
