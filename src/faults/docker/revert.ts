import type Docker from 'dockerode';
import { isNotFound, isNotModified } from '../../docker/engine.js';
import { restoreUpdates } from './limits.js';
import { startExec } from './apply.js';
import type { RevertOutcome } from '../driver.js';
import type { ContainerRevert } from './revert-plan.js';

/** Undoes a container fault on one container; a container that is gone has nothing to undo. */
export async function revertContainer(docker: Docker, revert: ContainerRevert): Promise<RevertOutcome> {
  const container = docker.getContainer(revert.id);
  const state = await container.inspect().catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });
  if (!state) return 'gone';
  await undo(docker, container, state, revert);
  return 'reverted';
}

async function undo(
  docker: Docker,
  container: Docker.Container,
  state: Docker.ContainerInspectInfo,
  revert: ContainerRevert,
): Promise<void> {
  switch (revert.action) {
    case 'none':
      return;
    case 'unpause':
      if (state.State.Paused) await container.unpause();
      return;
    case 'start':
      if (state.State.Paused) await container.unpause();
      else if (!state.State.Running && !state.State.Restarting) await container.start().catch(ignoreNotModified);
      return;
    case 'limits':
      await restoreLimits(docker, container, revert);
      return;
    case 'connect':
      if (!(revert.network in (state.NetworkSettings.Networks ?? {}))) {
        await docker.getNetwork(revert.network).connect({ Container: revert.id });
      }
      return;
    case 'exec':
      if (state.State.Running) await startExec(container, revert.command);
      return;
  }
}

/**
 * Docker refuses to update a stopped container, so one the squeeze stopped (OOM kill) is started
 * first; still under the squeezed limit it can be killed again before the update lands, so the
 * start-then-update is tried a few times.
 */
async function restoreLimits(
  docker: Docker,
  container: Docker.Container,
  revert: ContainerRevert & { action: 'limits' },
): Promise<void> {
  const info = (await docker.info()) as { MemTotal: number };
  for (let attempt = 1; ; attempt++) {
    const state = await container.inspect();
    if (revert.wasRunning && !state.State.Running) await container.start().catch(ignoreNotModified);
    try {
      for (const update of restoreUpdates(revert, revert.squeezed, info.MemTotal)) await container.update(update);
      return;
    } catch (error) {
      if (attempt >= 5 || !/stopped container|not running/i.test(String((error as Error).message))) throw error;
    }
  }
}

function ignoreNotModified(error: unknown): void {
  if (!isNotModified(error)) throw error;
}
