import { connectDocker, isNotFound } from '../docker/engine.js';
import { removeProxy } from '../faults/toxiproxy/proxies.js';
import { removeComposeProject } from './compose/leftovers.js';
import { restoreHaproxyWeights } from './haproxy/weights.js';
import type { LeasedResource } from './stack-lease.js';

/**
 * Removes one thing a run created (one that is already gone counts as removed), or sets back a
 * setting it changed; says which it did.
 */
export async function releaseResource(resource: LeasedResource): Promise<'removed' | 'restored'> {
  switch (resource.kind) {
    case 'toxiproxy-proxy':
      await removeProxy(resource.url, resource.name);
      return 'removed';
    case 'container':
      await removeContainer(resource.id);
      return 'removed';
    case 'compose-project': {
      const docker = await connectDocker(`removing compose project ${resource.project}`);
      await removeComposeProject(docker, resource.project, resource.files);
      return 'removed';
    }
    case 'haproxy-weights':
      await restoreHaproxyWeights(resource);
      return 'restored';
  }
}

async function removeContainer(id: string): Promise<void> {
  const docker = await connectDocker(`removing container ${id}`);
  try {
    await docker.getContainer(id).remove({ force: true });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
