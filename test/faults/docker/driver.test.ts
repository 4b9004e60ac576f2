import type Docker from 'dockerode';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { faultSchema, type ContainerFault, type FaultInput } from '../../../src/experiment/faults-schema.js';
import { DockerDriver } from '../../../src/faults/docker/driver.js';
import { freeLoopbackPort } from '../../../src/util/free-port.js';
import { docker, firstDockerEvent, skipDocker } from './docker-support.js';

/**
 * The Docker driver on its own against the real engine: containers of the reference image
 * started here (host network, loopback ports), a small bounded load loop where the effect is
 * seen in requests, the Docker API where it is seen there (OOM kill).
 */
const driver = new DockerDriver();
const started: Docker.Container[] = [];
afterEach(async () => {
  for (const container of started.splice(0)) await container.remove({ force: true }).catch(() => undefined);
});

async function startReference(
  labels: Record<string, string> = {},
): Promise<{ container: Docker.Container; name: string; url: string }> {
  const port = await freeLoopbackPort();
  const name = `greenlight-test-${port}`;
  const container = await docker.createContainer({
    name,
    Image: 'greenlight-reference:local',
    Cmd: ['reference', 'serve', '--colour', 'green', '--host', '127.0.0.1', '--port', String(port)],
    Labels: { 'greenlight.test': 'driver', ...labels },
    HostConfig: { NetworkMode: 'host' },
  });
  started.push(container);
  await container.start();
  const url = `http://127.0.0.1:${port}`;
  expect(await waitForHealth(url, 15_000)).toBeGreaterThanOrEqual(0);
  return { container, name, url };
}

/** Milliseconds until /health answers 200, polling every 50 ms; -1 when it never does. */
async function waitForHealth(url: string, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    const ok = await request(`${url}/health`, { headersTimeout: 500, bodyTimeout: 500 }).then(
      async (response) => (await response.body.dump(), response.statusCode === 200),
      () => false,
    );
    if (ok) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return -1;
}

function fault(input: FaultInput): ContainerFault {
  return faultSchema.parse(input) as ContainerFault;
}

describe.skipIf(skipDocker)('Docker driver (real engine)', () => {
  it('restart: the service is down for a while and the recovery time is measured', async () => {
    const { container, name, url } = await startReference();
    const startedBefore = (await container.inspect()).State.StartedAt;
    const lease = await driver.apply(
      fault({ name: 'restart', kind: 'container-restart', target: `name:${name}`, at: 0, timeout: 1 }),
      {},
    );
    const recoveryMs = await waitForHealth(url, 20_000);
    await driver.revert(lease);
    process.stdout.write(`container restart: service answered again ${recoveryMs} ms after the restart returned\n`);
    expect(recoveryMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse((await container.inspect()).State.StartedAt)).toBeGreaterThan(Date.parse(startedBefore));
  });

  it('memory limit below what the service needs: the OOM kill is seen through the Docker API, and the limit is lifted after', async () => {
    const { container, name } = await startReference();
    const since = Math.floor(Date.now() / 1000);
    const squeeze = await driver.apply(
      fault({ name: 'squeeze', kind: 'container-resources', target: `name:${name}`, at: 0, memoryMiB: 96 }),
      {},
    );
    // The service loads "a second model": 512 MiB more than the limit allows. Under the squeezed
    // limit the kernel may already have killed the service itself, and then there is nothing to
    // exec into: the OOM event is what this test is about, either way.
    const load = await driver
      .apply(
        fault({
          name: 'allocate',
          kind: 'container-exec',
          target: `name:${name}`,
          at: 0,
          command: [
            '/usr/local/bin/node',
            '-e',
            'const held = []; for (let i = 0; i < 64; i++) held.push(Buffer.alloc(8 << 20, 1)); setTimeout(() => {}, 60000);',
          ],
        }),
        {},
      )
      .catch((error: unknown) => {
        expect(String(error)).toMatch(/not running|is not running|stopped/i);
        return undefined;
      });
    const oom = await firstDockerEvent(container.id, 'oom', since, 20_000);
    expect(oom).toBe('oom');
    if (load) await driver.revert(load);
    await driver.revert(squeeze);
    const after = await container.inspect();
    expect(after.HostConfig.Memory).toBe(((await docker.info()) as { MemTotal: number }).MemTotal);
    expect(after.HostConfig.MemorySwap).toBe(-1);
  });

  it('pause and resources put back exactly what they found (a quota set before stays)', async () => {
    const { container } = await startReference({ 'com.docker.compose.service': 'llm', 'greenlight.colour': 'green' });
    await container.update({ CpuPeriod: 100_000, CpuQuota: 150_000 });
    const pause = await driver.apply(
      fault({ name: 'pause', kind: 'container-pause', target: 'service:llm@green', at: 0 }),
      {},
    );
    const squeeze = await driver.apply(
      fault({ name: 'cpu', kind: 'container-resources', target: 'label:greenlight.test=driver', at: 0, cpus: 0.1 }),
      {},
    );
    const during = await container.inspect();
    expect([during.State.Paused, during.HostConfig.CpuQuota]).toEqual([true, 10_000]);
    await driver.revert(squeeze);
    await driver.revert(pause);
    await driver.revert(pause);
    const after = await container.inspect();
    expect([after.State.Paused, after.HostConfig.CpuQuota, after.HostConfig.Memory]).toEqual([false, 150_000, 0]);
  });

  it('refuses to disconnect a host-networked container, with a message naming it', async () => {
    const { name } = await startReference();
    await expect(
      driver.apply(
        fault({ name: 'cut', kind: 'container-disconnect', target: `name:${name}`, at: 0, network: 'bridge' }),
        {},
      ),
    ).rejects.toThrow(new RegExp(`container ${name} uses network mode "host", which cannot be disconnected`));
  });

  it('says which target matched nothing', async () => {
    await expect(
      driver.apply(
        fault({ name: 'none', kind: 'container-pause', target: 'name:greenlight-no-such-container', at: 0 }),
        {},
      ),
    ).rejects.toThrow('no Docker container matches "name:greenlight-no-such-container"');
  });
});
