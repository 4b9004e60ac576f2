import Docker from 'dockerode';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentInput } from '../../../src/experiment/schema.js';
import type { JournalEvent } from '../../../src/journal/events.js';

export const docker = new Docker();

/** Whether the Docker Engine answers. Without it the Docker suites skip, except under CI=true. */
export const dockerReady = await docker.ping().then(
  () => true,
  () => false,
);
export const skipDocker = !dockerReady && !process.env.CI;
if (skipDocker)
  process.stderr.write(
    'Docker suites skipped: no Docker Engine at /var/run/docker.sock (under CI=true they fail instead)\n',
  );

/** Writes an experiment file for `greenlight run` into `folder`. */
export function writeExperiment(folder: string, experiment: ExperimentInput): string {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${experiment.name}.ts`);
  writeFileSync(
    path,
    `import { defineExperiment } from 'greenlight';\nexport default defineExperiment(${JSON.stringify(experiment, null, 2)});\n`,
  );
  return path;
}

export function onlyRunDir(parent: string): string {
  const entries = readdirSync(parent);
  if (entries.length !== 1) throw new Error(`expected one run folder in ${parent}, found ${entries.join(', ')}`);
  return join(parent, entries[0]!);
}

export function readEvents(runDir: string): JournalEvent[] {
  return readFileSync(join(runDir, 'journal.ndjson'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as JournalEvent);
}

/** Containers the containers stack of the CLI process `pid` started (its stack id begins with the pid). */
export async function stackContainers(pid: number | undefined): Promise<Docker.ContainerInfo[]> {
  const all = await docker.listContainers({ all: true, filters: JSON.stringify({ label: ['greenlight.run'] }) });
  return all.filter((info) => info.Labels['greenlight.run']?.startsWith(`${pid}-`));
}

export async function removeStackContainers(pids: number[]): Promise<void> {
  for (const pid of pids.splice(0)) {
    for (const info of await stackContainers(pid))
      await docker
        .getContainer(info.Id)
        .remove({ force: true })
        .catch(() => undefined);
  }
}

/** A base experiment on the containers target: steady streaming chat at `rate` rps, controller off. */
export function containersExperiment(name: string, overrides: Partial<ExperimentInput>): ExperimentInput {
  return {
    name,
    seed: 7,
    target: { kind: 'containers', router: { weights: { blue: 50, green: 50 }, controller: { enabled: false } } },
    load: {
      profile: { kind: 'constant', rate: 10 },
      workload: { mix: [{ weight: 1, request: { kind: 'chat', stream: true, promptTokens: 50, maxTokens: 8 } }] },
      timeout: '1s',
    },
    phases: [
      { name: 'baseline', duration: '3s' },
      { name: 'fault', duration: '4s' },
      { name: 'recovery', duration: '3s' },
    ],
    ...overrides,
  };
}

/** The action of the first Docker event of that action for the container since `since` (s), or undefined after `limitMs`. */
export async function firstDockerEvent(
  id: string,
  action: string,
  since: number,
  limitMs: number,
): Promise<string | undefined> {
  const stream = (await docker.getEvents({
    since,
    filters: JSON.stringify({ container: [id], event: [action] }),
  })) as NodeJS.ReadableStream & { destroy(): void };
  return new Promise((resolve) => {
    const timer = setTimeout(() => (stream.destroy(), resolve(undefined)), limitMs);
    stream.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      stream.destroy();
      resolve((JSON.parse(chunk.toString('utf8').split('\n')[0]!) as { Action: string }).Action);
    });
  });
}
