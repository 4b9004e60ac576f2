import type Docker from 'dockerode';
import { EnvironmentError } from '../../errors.js';
import type { ContainerFault } from '../../experiment/faults-schema.js';
import { isNotModified } from '../../docker/engine.js';
import { limitsOf, squeezeUpdate } from './limits.js';
import type { ContainerRevert } from './revert-plan.js';
import type { SelectedContainer } from './select.js';

/** Applies a container fault to one container and says how to undo it, from the state it found. */
export async function applyToContainer(
  docker: Docker,
  fault: ContainerFault,
  selected: SelectedContainer,
): Promise<ContainerRevert> {
  const container = docker.getContainer(selected.id);
  const state = await container.inspect();
  const found = { id: selected.id, name: selected.name };
  const running = state.State.Running && !state.State.Paused;
  switch (fault.kind) {
    case 'container-kill':
      if (!running) return { ...found, action: 'none' };
      await container.kill({ signal: fault.signal });
      return { ...found, action: fault.restart ? 'start' : 'none' };
    case 'container-stop':
      if (!state.State.Running) return { ...found, action: 'none' };
      await container.stop({ t: fault.timeout }).catch(ignoreNotModified);
      return { ...found, action: 'start' };
    case 'container-restart':
      await container.restart({ t: fault.timeout });
      return { ...found, action: state.State.Running ? 'start' : 'none' };
    case 'container-pause':
      if (!running) return { ...found, action: 'none' };
      await container.pause();
      return { ...found, action: 'unpause' };
    case 'container-resources': {
      const previous = limitsOf(state.HostConfig);
      await container.update(squeezeUpdate(fault.cpus, fault.memoryMiB));
      return {
        ...found,
        action: 'limits',
        ...previous,
        squeezed: { cpu: fault.cpus !== undefined, memory: fault.memoryMiB !== undefined },
        wasRunning: state.State.Running,
      };
    }
    case 'container-exec':
      await startExec(container, fault.command);
      return fault.revertCommand
        ? { ...found, action: 'exec', command: fault.revertCommand }
        : { ...found, action: 'none' };
    case 'container-disconnect': {
      const mode = state.HostConfig.NetworkMode ?? '';
      if (mode === 'host' || mode === 'none') {
        throw new EnvironmentError(
          `fault "${fault.name}": container ${selected.name} uses network mode "${mode}", which cannot be disconnected; container-disconnect needs a container on a bridge (user-defined) network`,
        );
      }
      if (!(fault.network in (state.NetworkSettings.Networks ?? {}))) {
        throw new EnvironmentError(
          `fault "${fault.name}": container ${selected.name} is not connected to network "${fault.network}"`,
        );
      }
      await docker.getNetwork(fault.network).disconnect({ Container: selected.id, Force: true });
      return { ...found, action: 'connect', network: fault.network };
    }
  }
}

/** Starts a command inside the container without waiting for it (it may run for the whole window). */
export async function startExec(container: Docker.Container, command: readonly string[]): Promise<void> {
  const exec = await container.exec({ Cmd: [...command], AttachStdout: false, AttachStderr: false });
  const response = (await exec.start({ Detach: true })) as NodeJS.ReadableStream;
  // dockerode returns the reply as a stream even when detached; unread, it holds its socket (and
  // so the greenlight process) open after the run.
  response.resume();
}

function ignoreNotModified(error: unknown): void {
  if (!isNotModified(error)) throw error;
}
