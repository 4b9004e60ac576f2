import type Docker from 'dockerode';
import { request } from 'undici';
import { EnvironmentError } from '../../errors.js';
import type { ContainersTarget } from '../../experiment/target-schema.js';
import { auditContainers } from '../../faults/docker/audit.js';
import { containerLogText } from '../../docker/engine.js';
import { COLOUR_LABEL, RUN_LABEL } from '../../faults/docker/select.js';
import { COLOURS, type Colour } from '../../shared/colour.js';
import type { ColourServices, StackTarget } from '../embedded/stack.js';
import { freeLoopbackPort } from '../../util/free-port.js';

const READY_TIMEOUT_MS = 20_000;

/**
 * Blue and green as containers of the reference service image: host network, each listening on
 * its own 127.0.0.1 port, labelled with its colour and the stack id. Stopping removes them.
 */
export async function startServiceContainers(
  docker: Docker,
  target: StackTarget & Pick<ContainersTarget, 'image'>,
  options: { seed: number; stackId: string },
): Promise<ColourServices> {
  const started: Docker.Container[] = [];
  const stop = async (): Promise<void> => {
    for (const container of started.splice(0).reverse()) {
      await container.remove({ force: true }).catch(() => undefined);
    }
  };
  const urls = {} as Record<Colour, string>;
  const ids = {} as Record<Colour, string>;
  const names = {} as Record<Colour, string>;
  try {
    for (const colour of COLOURS) {
      const port = await freeLoopbackPort();
      const knobs = { ...target[colour], seed: target[colour].seed + options.seed };
      names[colour] = `greenlight-${options.stackId}-${colour}`;
      const container = await docker.createContainer({
        name: names[colour],
        Image: target.image,
        Cmd: [
          'reference',
          'serve',
          '--colour',
          colour,
          '--host',
          '127.0.0.1',
          '--port',
          String(port),
          '--knobs-json',
          JSON.stringify(knobs),
        ],
        Labels: { [COLOUR_LABEL]: colour, [RUN_LABEL]: options.stackId },
        HostConfig: { NetworkMode: 'host' },
      });
      started.push(container);
      await container.start();
      urls[colour] = `http://127.0.0.1:${port}`;
      ids[colour] = container.id;
      await waitUntilHealthy(container, urls[colour], names[colour]);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    urls,
    environment: { containers: ids },
    describe: (colour) => `${urls[colour]} (container ${names[colour]})`,
    audit: () => auditContainers(docker, ids),
    resources: COLOURS.map((colour) => ({ kind: 'container' as const, id: ids[colour], name: names[colour] })),
    stop,
  };
}

async function waitUntilHealthy(container: Docker.Container, url: string, name: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const state = await container.inspect();
    if (!state.State.Running) {
      const logs = await containerLogText(container);
      throw new EnvironmentError(
        `container ${name} exited (${state.State.Status}, code ${state.State.ExitCode}): ${logs.trim().slice(-500)}`,
      );
    }
    try {
      const response = await request(`${url}/health`, { headersTimeout: 1000, bodyTimeout: 1000 });
      await response.body.dump();
      if (response.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new EnvironmentError(`container ${name} did not answer ${url}/health within ${READY_TIMEOUT_MS / 1000}s`);
}
