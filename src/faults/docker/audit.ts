import type Docker from 'dockerode';
import { errorMessage } from '../../errors.js';
import { describeLimits, limitsOf } from './limits.js';

/** What a run left on its containers: paused, not running, or still limited. */
export async function auditContainers(docker: Docker, containers: Readonly<Record<string, string>>): Promise<string[]> {
  const leftovers: string[] = [];
  const info = (await docker.info()) as { MemTotal: number };
  for (const [label, id] of Object.entries(containers)) {
    try {
      const state = await docker.getContainer(id).inspect();
      if (state.State.Paused) leftovers.push(`${label} container ${id.slice(0, 12)} is paused`);
      else if (!state.State.Running)
        leftovers.push(`${label} container ${id.slice(0, 12)} is not running (${state.State.Status})`);
      const limits = describeLimits(limitsOf(state.HostConfig), info.MemTotal);
      if (limits) leftovers.push(`${label} container ${id.slice(0, 12)} keeps ${limits}`);
    } catch (error) {
      leftovers.push(`${label} container ${id.slice(0, 12)} could not be audited: ${errorMessage(error)}`);
    }
  }
  return leftovers;
}
