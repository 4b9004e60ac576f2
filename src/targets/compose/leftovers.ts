import type Docker from 'dockerode';
import { existsSync } from 'node:fs';
import { isNotFound } from '../../docker/engine.js';
import { errorMessage } from '../../errors.js';
import { composeDown } from './cli.js';
import { COMPOSE_PROJECT_LABEL } from './discover.js';

/** Compose records these on every container it creates. */
const CONFIG_FILES_LABEL = 'com.docker.compose.project.config_files';
const WORKING_DIR_LABEL = 'com.docker.compose.project.working_dir';

/** A compose project that has containers on the Engine, as Compose labelled them. */
export interface ComposeProjectOnEngine {
  project: string;
  containers: { id: string; name: string; state: string }[];
  /** The files it was brought up with, as Compose recorded them (absolute paths). */
  files: string[];
  workingDir: string | undefined;
}

/** The compose projects with containers on this Engine (`greenlight cleanup` picks those its leases name). */
export async function composeProjectsOnEngine(docker: Docker): Promise<ComposeProjectOnEngine[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [COMPOSE_PROJECT_LABEL] } });
  const projects = new Map<string, ComposeProjectOnEngine>();
  for (const container of containers) {
    const project = container.Labels[COMPOSE_PROJECT_LABEL] ?? '';
    const entry = projects.get(project) ?? {
      project,
      containers: [],
      files: (container.Labels[CONFIG_FILES_LABEL] ?? '').split(',').filter(Boolean),
      workingDir: container.Labels[WORKING_DIR_LABEL],
    };
    entry.containers.push({
      id: container.Id,
      name: (container.Names[0] ?? container.Id).replace(/^\//, ''),
      state: container.State,
    });
    projects.set(project, entry);
  }
  return [...projects.values()].sort((a, b) => a.project.localeCompare(b.project));
}

/**
 * Removes a compose project a killed run left: `down -v --remove-orphans` with its files when
 * they are still there (Compose removes exactly what it created), else, through the Engine, its
 * containers, then the networks and volumes labelled with the project. Resolves with what it did;
 * a project with nothing left is not an error.
 */
export async function removeComposeProject(
  docker: Docker,
  project: string,
  files?: readonly string[],
): Promise<string[]> {
  const filter = { label: [`${COMPOSE_PROJECT_LABEL}=${project}`] };
  const containers = await docker.listContainers({ all: true, filters: filter });
  const networks = await docker.listNetworks({ filters: filter });
  const volumes = (await docker.listVolumes({ filters: filter })).Volumes ?? [];
  if (containers.length + networks.length + volumes.length === 0) return [];
  const recorded = files ?? containers[0]?.Labels[CONFIG_FILES_LABEL]?.split(',').filter(Boolean) ?? [];
  if (recorded.length > 0 && recorded.every((file) => existsSync(file))) {
    await composeDown({ files: recorded, project });
    return [`compose project ${project}: down -v (${containers.length} container(s))`];
  }
  const done: string[] = [];
  for (const container of containers) {
    await ignoreGone(docker.getContainer(container.Id).remove({ force: true, v: true }));
    done.push(`container ${(container.Names[0] ?? container.Id).replace(/^\//, '')} removed`);
  }
  for (const network of networks) {
    await ignoreGone(docker.getNetwork(network.Id).remove());
    done.push(`network ${network.Name} removed`);
  }
  for (const volume of volumes) {
    await ignoreGone(docker.getVolume(volume.Name).remove());
    done.push(`volume ${volume.Name} removed`);
  }
  return done;
}

async function ignoreGone(removal: Promise<unknown>): Promise<void> {
  try {
    await removal;
  } catch (error) {
    if (!isNotFound(error)) throw new Error(errorMessage(error), { cause: error });
  }
}
