import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { InputError } from '../errors.js';

/** Next to the fault lease in a run folder: what the target made that outlives greenlight's own processes. */
export const STACK_LEASE_FILE = 'stack-lease.json';

/** One thing greenlight created for a run, with what it takes to remove it after a hard kill. */
export type LeasedResource =
  | { kind: 'toxiproxy-proxy'; url: string; name: string }
  | { kind: 'container'; id: string; name: string }
  | { kind: 'compose-project'; project: string; files: string[]; cwd: string };

export interface StackLease {
  resources: LeasedResource[];
}

/** Writes the stack lease atomically, as the fault lease is. */
export async function writeStackLease(path: string, lease: StackLease): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ pid: process.pid, ...lease }, null, 2)}\n`);
  await rename(temporary, path);
}

export async function readStackLease(path: string): Promise<StackLease | undefined> {
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<StackLease>;
    return { resources: Array.isArray(parsed.resources) ? parsed.resources : [] };
  } catch (error) {
    throw new InputError(`${path}: not a greenlight stack lease file`, { cause: error });
  }
}

export async function removeStackLease(path: string): Promise<void> {
  await rm(path, { force: true });
}

export function describeResource(resource: LeasedResource): string {
  switch (resource.kind) {
    case 'toxiproxy-proxy':
      return `proxy "${resource.name}" on the Toxiproxy at ${resource.url}`;
    case 'container':
      return `container ${resource.name}`;
    case 'compose-project':
      return `compose project "${resource.project}"`;
  }
}
