import { connectDocker, isNotFound } from '../docker/engine.js';
import { removeProxy } from '../faults/toxiproxy/proxies.js';
import { removeComposeProject } from './compose/leftovers.js';
import type { LeasedResource } from './stack-lease.js';

/** Removes one thing a run created; one that is already gone counts as removed. */
export async function releaseResource(resource: LeasedResource): Promise<void> {
  switch (resource.kind) {
    case 'toxiproxy-proxy':
      return removeProxy(resource.url, resource.name);
    case 'container':
      return removeContainer(resource.id);
    case 'compose-project': {
      const docker = await connectDocker(`removing compose project ${resource.project}`);
      await removeComposeProject(docker, resource.project, resource.files);
      return;
    }
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
