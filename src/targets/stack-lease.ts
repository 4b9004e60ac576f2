import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { InputError } from '../errors.js';

/** Next to the fault lease in a run folder: what the stack made outside greenlight's own processes. */
export const STACK_LEASE_FILE = 'stack-lease.json';

/** Proxies a stack created on an external Toxiproxy (an embedded one dies with the run). */
export interface LeasedProxies {
  url: string;
  names: string[];
}

export interface StackLease {
  toxiproxyProxies: LeasedProxies[];
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
    return { toxiproxyProxies: Array.isArray(parsed.toxiproxyProxies) ? parsed.toxiproxyProxies : [] };
  } catch (error) {
    throw new InputError(`${path}: not a greenlight stack lease file`, { cause: error });
  }
}

export async function removeStackLease(path: string): Promise<void> {
  await rm(path, { force: true });
}
