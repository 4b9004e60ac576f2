import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvironmentError, InputError } from '../../../src/errors.js';
import { composeDown, composeUp } from '../../../src/targets/compose/cli.js';
import { COMPOSE_PROJECT_LABEL } from '../../../src/targets/compose/discover.js';
import { composeProjectsOnEngine, removeComposeProject } from '../../../src/targets/compose/leftovers.js';
import { startComposeProject } from '../../../src/targets/compose/project.js';
import { freeLoopbackPort } from '../../../src/util/free-port.js';
import { docker, skipDocker } from '../../faults/docker/docker-support.js';

/**
 * The compose target's parts against the real Docker Compose CLI and Engine, on small projects of
 * the reference image written here (host networking, free loopback ports): discovery by service
 * name, a services subset, a project that was already up, a container that exits, and removing
 * what a killed run left, with its files and without.
 */
const folder = mkdtempSync(join(tmpdir(), 'greenlight-compose-'));
const projects: string[] = [];

function projectName(): string {
  const name = `greenlight-test-${randomBytes(3).toString('hex')}`;
  projects.push(name);
  return name;
}

async function leftovers(project: string): Promise<number> {
  const filter = { label: [`${COMPOSE_PROJECT_LABEL}=${project}`] };
  const containers = await docker.listContainers({ all: true, filters: filter });
  const volumes = (await docker.listVolumes({ filters: filter })).Volumes ?? [];
  return containers.length + volumes.length;
}

/** blue, green and a reference router, found by their service names; `extra` is appended to the file. */
async function writeStack(name: string, options: { greenColour?: string; extra?: string } = {}): Promise<string> {
  const [blue, green, router] = [await freeLoopbackPort(), await freeLoopbackPort(), await freeLoopbackPort()];
  const serve = (colour: string, port: number): string =>
    `    image: greenlight-reference:local\n    network_mode: host\n    command: ['reference', 'serve', '--colour', '${colour}', '--port', '${port}']\n    labels: { greenlight.url: 'http://127.0.0.1:${port}' }\n`;
  const config = JSON.stringify({
    upstreams: { blue: `http://127.0.0.1:${blue}`, green: `http://127.0.0.1:${green}` },
    weights: { blue: 50, green: 50 },
    controller: { enabled: false, rules: [], intervalMs: 250 },
  });
  const path = join(folder, `${name}.yml`);
  writeFileSync(
    path,
    `services:\n  blue:\n${serve('blue', blue)}  green:\n${serve(options.greenColour ?? 'green', green)}  router:\n    image: greenlight-reference:local\n    network_mode: host\n    command: ['reference', 'router', '--port', '${router}', '--config-json', '${config}']\n    labels: { greenlight.url: 'http://127.0.0.1:${router}' }\n${options.extra ?? ''}`,
  );
  return path;
}

afterAll(async () => {
  for (const project of projects) await removeComposeProject(docker, project).catch(() => undefined);
  rmSync(folder, { recursive: true, force: true });
}, 120_000);

describe.skipIf(skipDocker)('compose projects through the real Docker Compose CLI', () => {
  it('finds blue, green and the router by service name, and takes down only what it brought up', async () => {
    const file = await writeStack('by-name');
    const project = projectName();
    const stack = await startComposeProject({ files: [file], project, readyTimeoutMs: 60_000 });
    try {
      expect(stack.broughtUp).toBe(true);
      expect(stack.parts.colours.green.service).toBe('green');
      expect(stack.parts.router.observer).toEqual({ kind: 'response-header' });
      expect(stack.parts.toxiproxy).toBeUndefined();
      expect(stack.parts.prometheus).toBeUndefined();
      const listed = (await composeProjectsOnEngine(docker)).find((entry) => entry.project === project);
      expect(listed?.files).toEqual([file]);
      expect(listed?.containers.map((container) => container.state)).toEqual(['running', 'running', 'running']);
    } finally {
      await stack.down();
    }
    expect(await leftovers(project)).toBe(0);
  }, 120_000);

  it('uses a project that was already up as it is, and never takes it down', async () => {
    const file = await writeStack('already-up');
    const project = projectName();
    await composeUp({ files: [file], project });
    const stack = await startComposeProject({ files: [file], project, readyTimeoutMs: 60_000 });
    expect(stack.broughtUp).toBe(false);
    await stack.down();
    expect(await leftovers(project)).toBe(3);
    await composeDown({ files: [file], project });
    expect(await leftovers(project)).toBe(0);
  }, 120_000);

  it('refuses bad input before starting anything, and takes a half-found project down again', async () => {
    const file = await writeStack('subset');
    await expect(startComposeProject({ files: [join(folder, 'nope.yml')], project: projectName() })).rejects.toThrow(
      /target\.file: the compose file .*nope\.yml does not exist/,
    );
    await expect(startComposeProject({ files: [file], project: 'Not A Name' })).rejects.toThrow(InputError);
    await expect(
      startComposeProject({ files: [file], project: projectName(), services: ['blue', 'gren'] }),
    ).rejects.toThrow(/target\.services: gren not in .*subset\.yml \(it has blue, green, router\)/);
    const project = projectName();
    await expect(startComposeProject({ files: [file], project, services: ['blue'] })).rejects.toThrow(
      /compose project "greenlight-test-\w+" has no green: name a service "green" or label it greenlight\.colour=green/,
    );
    expect(await leftovers(project)).toBe(0);
  }, 120_000);

  it('fails at once with its last words when a container exits, and leaves nothing', async () => {
    const file = await writeStack('exits', { greenColour: 'purple' });
    const project = projectName();
    const failure = await startComposeProject({ files: [file], project, readyTimeoutMs: 60_000 }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(EnvironmentError);
    expect(String((failure as Error).message)).toMatch(
      /service "green": container \S+ exited \(exit code \d+\):[\s\S]*purple/,
    );
    expect(await leftovers(project)).toBe(0);
  }, 120_000);

  it('removes a project a killed run left: with its files by down -v, without them through the Engine', async () => {
    const withFiles = await writeStack('killed');
    const first = projectName();
    await composeUp({ files: [withFiles], project: first });
    expect(await removeComposeProject(docker, first)).toEqual([`compose project ${first}: down -v (3 container(s))`]);
    expect(await leftovers(first)).toBe(0);

    const volumeFile = await writeStack('killed-volume', {
      extra: `  cache:\n    image: greenlight-reference:local\n    network_mode: host\n    command: ['toxiproxy', 'serve', '--port', '0']\n    volumes: ['models:/models']\nvolumes:\n  models: {}\n`,
    });
    const second = projectName();
    await composeUp({ files: [volumeFile], project: second }, ['cache']);
    expect(await leftovers(second)).toBe(2);
    rmSync(volumeFile);
    const removed = await removeComposeProject(docker, second);
    expect(removed).toEqual([`container ${second}_cache_1 removed`, `volume ${second}_models removed`]);
    expect(await leftovers(second)).toBe(0);
    expect(await removeComposeProject(docker, second)).toEqual([]);
  }, 120_000);
});
