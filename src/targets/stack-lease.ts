import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { describeHaproxyWeights, type HaproxyWeights } from './haproxy/weights.js';

/** Next to the fault lease in a run folder: what the target made that outlives greenlight's own processes. */
export const STACK_LEASE_FILE = 'stack-lease.json';

/**
 * One thing greenlight created for a run, with what it takes to remove it after a hard kill; or
 * one setting of the user's it changes (HAProxy weights), with the value to set back.
 */
export type LeasedResource =
  | { kind: 'toxiproxy-proxy'; url: string; name: string }
  | ({ kind: 'haproxy-weights' } & HaproxyWeights)
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

/** A running target's stack lease: written into the run folder once, removed when all is undone. */
export class StackLeaseFile {
  private path: string | undefined;

  /** Records what the target made or changed; with nothing to record, no file is written. */
  async record(runDir: string, resources: LeasedResource[]): Promise<void> {
    if (resources.length === 0) return;
    this.path = join(runDir, STACK_LEASE_FILE);
    await writeStackLease(this.path, { resources });
  }

  async remove(): Promise<void> {
    if (this.path) await removeStackLease(this.path);
  }
}

export function describeResource(resource: LeasedResource): string {
  switch (resource.kind) {
    case 'toxiproxy-proxy':
      return `proxy "${resource.name}" on the Toxiproxy at ${resource.url}`;
    case 'container':
      return `container ${resource.name}`;
    case 'compose-project':
      return `compose project "${resource.project}"`;
    case 'haproxy-weights':
      return describeHaproxyWeights(resource);
  }
}
