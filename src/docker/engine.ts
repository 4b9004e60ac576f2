import Docker from 'dockerode';
import { EnvironmentError, errorMessage } from '../errors.js';

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

/**
 * Fails with an EnvironmentError when the image is not there, naming it and how to build it.
 * `what` says whose image it is, e.g. 'target.image: the Docker image'.
 */
export async function requireImage(docker: Docker, image: string, what: string): Promise<void> {
  try {
    await docker.getImage(image).inspect();
  } catch (error) {
    throw new EnvironmentError(
      `${what} "${image}" is not there (${errorMessage(error)}); build it with \`npm run image:build\``,
      { cause: error },
    );
  }
}

/** The text of a non-TTY container's logs, which come as frames of an 8-byte header and a payload. */
export async function containerLogText(container: Docker.Container): Promise<string> {
  const frames = await container.logs({ stdout: true, stderr: true });
  const parts: Buffer[] = [];
  for (let offset = 0; offset + 8 <= frames.length;) {
    const size = frames.readUInt32BE(offset + 4);
    parts.push(frames.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
