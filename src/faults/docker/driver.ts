import type { ContainerFault } from '../../experiment/faults-schema.js';
import type { FaultDriver, FaultEnvironment, FaultLease, RevertOutcome } from '../driver.js';
import { applyToContainer } from './apply.js';
import { connectDocker } from '../../docker/engine.js';
import { revertContainer } from './revert.js';
import { decodeReverts, encodeReverts, type ContainerRevert } from './revert-plan.js';
import { selectContainers } from './select.js';

/**
 * Container faults through the Docker Engine API. The lease holds, per container, what its
 * revert must do (unpause, start, the previous limits, …), so `greenlight cleanup` can finish
 * the job after the run was killed.
 */
export class DockerDriver implements FaultDriver<ContainerFault> {
  readonly kinds = [
    'container-kill',
    'container-stop',
    'container-restart',
    'container-pause',
    'container-resources',
    'container-exec',
    'container-disconnect',
  ] as const;

  describe(fault: ContainerFault): string {
    return `${describeAction(fault)} on ${fault.target} (Docker)`;
  }

  async apply(fault: ContainerFault, environment: FaultEnvironment): Promise<FaultLease> {
    const docker = await connectDocker(`fault "${fault.name}"`);
    const reverts: ContainerRevert[] = [];
    try {
      for (const container of await selectContainers(docker, fault.target, environment)) {
        reverts.push(await applyToContainer(docker, fault, container));
      }
    } catch (error) {
      // Part of a multi-container fault went through: undo that part before failing.
      for (const revert of reverts.reverse()) await revertContainer(docker, revert).catch(() => undefined);
      throw error;
    }
    return { name: fault.name, kind: fault.kind, target: fault.target, revert: { containers: encodeReverts(reverts) } };
  }

  async revert(lease: FaultLease): Promise<RevertOutcome> {
    const reverts = decodeReverts(lease.revert.containers);
    if (reverts.every((revert) => revert.action === 'none')) return 'reverted';
    const docker = await connectDocker(`reverting fault "${lease.name}"`);
    const outcomes: RevertOutcome[] = [];
    for (const revert of reverts) outcomes.push(await revertContainer(docker, revert));
    return outcomes.every((outcome) => outcome === 'gone') ? 'gone' : 'reverted';
  }
}

function describeAction(fault: ContainerFault): string {
  switch (fault.kind) {
    case 'container-kill':
      return `${fault.signal}${fault.restart ? ' (started again on revert)' : ''}`;
    case 'container-stop':
      return 'stop';
    case 'container-restart':
      return 'restart';
    case 'container-pause':
      return 'pause';
    case 'container-resources': {
      const parts = [
        ...(fault.cpus !== undefined ? [`${fault.cpus} CPU`] : []),
        ...(fault.memoryMiB !== undefined ? [`${fault.memoryMiB} MiB memory`] : []),
      ];
      return `squeeze to ${parts.join(' and ')}`;
    }
    case 'container-exec':
      return `exec ${fault.command.join(' ').slice(0, 60)}`;
    case 'container-disconnect':
      return `disconnect from network ${fault.network}`;
  }
}
