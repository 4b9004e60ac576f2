import * as compose from 'docker-compose';
import { EnvironmentError, InputError, errorMessage } from '../../errors.js';

/** Which compose files, under which project name (`-p`), from which folder. */
export interface ComposeFiles {
  files: readonly string[];
  project: string;
  cwd?: string;
}

type Executable = NonNullable<compose.IDockerComposeOptions['executable']>;

/** Compose v2 as a docker plugin (`docker compose`), else the standalone `docker-compose` (v1, or v2 standalone). */
const CANDIDATES: readonly { label: string; executable: Executable }[] = [
  { label: 'docker compose', executable: { executablePath: 'docker' } },
  { label: 'docker-compose', executable: { standalone: true, executablePath: 'docker-compose' } },
];

let found: Promise<{ label: string; executable: Executable }> | undefined;

/**
 * The Docker Compose CLI this host has, asked once: `docker compose version`, else
 * `docker-compose version`. An EnvironmentError (exit 3) when neither works.
 */
export function composeCli(): Promise<{ label: string; executable: Executable }> {
  found ??= (async () => {
    const failures: string[] = [];
    for (const candidate of CANDIDATES) {
      try {
        await compose.version({ executable: candidate.executable });
        return candidate;
      } catch (error) {
        failures.push(`${candidate.label}: ${failureText(error)}`);
      }
    }
    found = undefined;
    throw new EnvironmentError(
      `target kind "compose" needs Docker Compose, but neither works here (${failures.join('; ')}); install it (Debian: apt-get install docker-compose)`,
    );
  })();
  return found;
}

/** Compose project names: lowercase letters, digits, '-' and '_', starting with a letter or digit. */
export function checkProjectName(project: string, where: string): string {
  if (/^[a-z0-9][a-z0-9_-]*$/.test(project)) return project;
  throw new InputError(
    `${where}: "${project}" is not a compose project name (lowercase letters, digits, - and _, starting with a letter or digit)`,
  );
}

/** `up -d` of the given services (all when none), creating what is missing. */
export async function composeUp(target: ComposeFiles, services: readonly string[] = []): Promise<void> {
  const options = await optionsFor(target);
  await run(`up of project "${target.project}"`, () =>
    services.length === 0 ? compose.upAll(options) : compose.upMany([...services], options),
  );
}

/** `down -v --remove-orphans`: the project's containers, the networks and volumes it created. */
export async function composeDown(target: ComposeFiles): Promise<void> {
  const options = await optionsFor(target);
  await run(`down of project "${target.project}"`, () =>
    compose.down({ ...options, commandOptions: ['-v', '--remove-orphans'] }),
  );
}

/** The services the files define (`config --services`); checks the files as Compose reads them. */
export async function composeServices(target: ComposeFiles): Promise<string[]> {
  const options = await optionsFor(target);
  const result = await compose.configServices(options).catch((error: unknown) => {
    throw new InputError(`${target.files.join(', ')}: Docker Compose rejected the files: ${failureText(error)}`);
  });
  return result.data.services;
}

async function optionsFor(target: ComposeFiles): Promise<compose.IDockerComposeOptions> {
  const { executable } = await composeCli();
  return {
    executable,
    config: [...target.files],
    composeOptions: [['-p', target.project]],
    ...(target.cwd === undefined ? {} : { cwd: target.cwd }),
  };
}

async function run(what: string, command: () => Promise<compose.IDockerComposeResult>): Promise<void> {
  try {
    await command();
  } catch (error) {
    throw new EnvironmentError(`Docker Compose ${what} failed: ${failureText(error)}`);
  }
}

/** The library rejects with the command's result (exit code, stdout, stderr), or an Error when it could not start it. */
function failureText(error: unknown): string {
  if (error instanceof Error) return errorMessage(error);
  const result = error as Partial<compose.IDockerComposeResult>;
  const text = (result.err ?? '').trim() || (result.out ?? '').trim();
  const tail = text.split('\n').slice(-6).join('\n');
  return `exit code ${result.exitCode ?? '?'}${tail ? `: ${tail}` : ''}`;
}
