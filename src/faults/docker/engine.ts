import Docker from 'dockerode';
import { EnvironmentError, errorMessage } from '../../errors.js';

/** Where dockerode looks: DOCKER_HOST when set, else the local socket. */
export function dockerEndpoint(): string {
  return process.env.DOCKER_HOST ?? '/var/run/docker.sock';
}

/** A client for the local Docker Engine, after a ping: exit 3 with a clear message when there is none. */
export async function connectDocker(purpose: string): Promise<Docker> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch (error) {
    throw new EnvironmentError(
      `${purpose} needs the Docker Engine, but it is not reachable at ${dockerEndpoint()} (${errorMessage(error)}); start dockerd or set DOCKER_HOST`,
      { cause: error },
    );
  }
  return docker;
}

/** Docker answers 304 when a container already is in the asked state (started, stopped, …). */
export function isNotModified(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 304;
}

/** Docker answers 404 for a container (or image, network) that is not there. */
export function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 404;
}
