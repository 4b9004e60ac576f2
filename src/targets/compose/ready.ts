import type Docker from 'dockerode';
import { request } from 'undici';
import { containerLogText } from '../../docker/engine.js';
import { EnvironmentError, errorMessage } from '../../errors.js';
import { haproxyCommand, parseHaproxySocket, parseServersState } from '../../shared/haproxy/runtime-api.js';
import { COLOURS, type Colour } from '../../shared/colour.js';
import type { ComposePart, ComposeParts } from './discover.js';

const POLL_MS = 250;
/** srv_op_state of a server whose health checks pass. */
const RUNNING = 2;

/**
 * Waits until every part of the project answers its ready path with a status below 500 (the
 * router once it has a colour to send to, Toxiproxy's /version, Prometheus' /-/ready) and, behind
 * an HAProxy router, until HAProxy's own health checks have both colours up: a colour that was
 * checked before it listened stays down for a few more checks, and a run starting then would see
 * a switch nobody made. A container that exits meanwhile fails at once with its last log lines;
 * so does the deadline, naming what did not answer and how.
 */
export async function waitUntilAnswering(docker: Docker, parts: ComposeParts, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const all = [parts.colours.blue, parts.colours.green, parts.router, parts.toxiproxy, parts.prometheus];
  for (const part of all) {
    if (part) await waitForPart(docker, parts.project, part, deadline, timeoutMs);
  }
  const observer = parts.router.observer;
  if (observer.kind === 'haproxy') await waitForHaproxyServersUp(parts.project, observer, deadline, timeoutMs);
}

async function waitForHaproxyServersUp(
  project: string,
  observer: { runtimeApi: string; backend: string; servers: Record<Colour, string> },
  deadline: number,
  timeoutMs: number,
): Promise<void> {
  const socket = parseHaproxySocket(observer.runtimeApi);
  const wanted = COLOURS.map((colour) => observer.servers[colour]);
  let last = 'no answer yet';
  for (;;) {
    try {
      const states = parseServersState(await haproxyCommand(socket, `show servers state ${observer.backend}`));
      const down = wanted.filter((server) => states.find((state) => state.server === server)?.opState !== RUNNING);
      if (down.length === 0) return;
      last = `down: ${down.join(', ')}`;
    } catch (error) {
      last = errorMessage(error);
    }
    if (Date.now() > deadline)
      throw new EnvironmentError(
        `compose project "${project}": HAProxy's health checks did not have servers ${wanted.join(' and ')} of backend ${observer.backend} up within ${timeoutMs / 1000}s (${last})`,
      );
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function waitForPart(
  docker: Docker,
  project: string,
  part: ComposePart,
  deadline: number,
  timeoutMs: number,
): Promise<void> {
  const url = `${part.url}${part.readyPath}`;
  let last = 'no answer yet';
  for (;;) {
    await failIfExited(docker, project, part);
    try {
      const response = await request(url, { headersTimeout: 2000, bodyTimeout: 2000 });
      await response.body.dump();
      if (response.statusCode < 500) return;
      last = `HTTP ${response.statusCode}`;
    } catch (error) {
      last = errorMessage(error);
    }
    if (Date.now() > deadline)
      throw new EnvironmentError(
        `compose project "${project}", service "${part.service}" did not answer GET ${url} within ${timeoutMs / 1000}s (${last})`,
      );
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function failIfExited(docker: Docker, project: string, part: ComposePart): Promise<void> {
  for (const { id, name } of part.containers) {
    const container = docker.getContainer(id);
    const { State } = await container.inspect();
    if (State.Running || State.Restarting || State.Status === 'created') continue;
    const logs = (await containerLogText(container).catch(() => '')).trim().split('\n').slice(-8).join('\n');
    throw new EnvironmentError(
      `compose project "${project}", service "${part.service}": container ${name} ${State.Status} (exit code ${State.ExitCode})${logs ? `:\n${logs}` : ''}`,
    );
  }
}
