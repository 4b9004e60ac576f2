import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { connectDocker } from '../../docker/engine.js';
import { InputError } from '../../errors.js';
import { checkProjectName, composeDown, composeServices, composeUp, type ComposeFiles } from './cli.js';
import { COMPOSE_PROJECT_LABEL, discoverComposeParts, type ComposeParts } from './discover.js';
import { waitUntilAnswering } from './ready.js';

export interface ComposeProjectSpec {
  /** Compose files, in order (later ones override), relative to `cwd`. */
  files: readonly string[];
  project: string;
  /** Only these services are brought up (default: all). */
  services?: readonly string[];
  /** Default: the working directory. */
  cwd?: string;
  /** How long the services may take to answer; default 120 s. */
  readyTimeoutMs?: number;
}

export interface RunningComposeProject extends ComposeFiles {
  parts: ComposeParts;
  /**
   * False when the project was already up before (greenlight found its containers): then
   * greenlight did not create it and `down()` leaves it as it was.
   */
  broughtUp: boolean;
  /** Takes the project down (`down -v --remove-orphans`) if greenlight brought it up; safe to call again. */
  down(): Promise<void>;
}

/**
 * Brings a compose project up with the real Docker Compose CLI (`-p project up -d [services]`),
 * finds blue, green, the router, Toxiproxy and Prometheus in it (discover.ts) and waits until they
 * answer. A project already up is used as it is and never taken down. If anything fails after
 * greenlight brought it up, it is taken down again before the error is thrown.
 */
export async function startComposeProject(spec: ComposeProjectSpec): Promise<RunningComposeProject> {
  const cwd = spec.cwd ?? process.cwd();
  const files = spec.files.map((file) => resolve(cwd, file));
  for (const [index, file] of files.entries()) {
    if (!existsSync(file)) throw new InputError(`target.file: the compose file ${spec.files[index]} does not exist`);
  }
  const target: ComposeFiles = {
    files,
    project: checkProjectName(spec.project, 'target.project'),
    cwd: dirname(files[0] ?? cwd),
  };
  const known = await composeServices(target);
  const unknown = (spec.services ?? []).filter((service) => !known.includes(service));
  if (unknown.length > 0)
    throw new InputError(
      `target.services: ${unknown.join(', ')} not in ${spec.files.join(', ')} (it has ${known.join(', ')})`,
    );

  const docker = await connectDocker('target kind "compose"');
  const existing = await docker.listContainers({
    all: true,
    filters: { label: [`${COMPOSE_PROJECT_LABEL}=${target.project}`] },
  });
  const broughtUp = existing.length === 0;
  let downed: Promise<void> | undefined;
  const down = (): Promise<void> => (broughtUp ? (downed ??= composeDown(target)) : Promise.resolve());
  try {
    if (broughtUp) await composeUp(target, spec.services ?? []);
    const parts = await discoverComposeParts(docker, target.project);
    await waitUntilAnswering(docker, parts, spec.readyTimeoutMs ?? 120_000);
    return { ...target, parts, broughtUp, down };
  } catch (error) {
    await down().catch(() => undefined);
    throw error;
  }
}
