import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import type { FaultLease } from './driver.js';

export const LEASE_FILE = 'lease.json';

interface LeaseFile {
  pid: number;
  updatedAt: string;
  faults: FaultLease[];
}

/** Writes the live faults atomically (temp file + rename): a kill never leaves half a lease. */
export async function writeLease(path: string, faults: readonly FaultLease[]): Promise<void> {
  const contents: LeaseFile = { pid: process.pid, updatedAt: new Date().toISOString(), faults: [...faults] };
  const temporary = `${path}.tmp`;
  await writeFile(temporary, `${JSON.stringify(contents, null, 2)}\n`);
  await rename(temporary, path);
}

export async function readLease(path: string): Promise<FaultLease[]> {
  if (!existsSync(path)) return [];
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LeaseFile>;
    return Array.isArray(parsed.faults) ? parsed.faults : [];
  } catch (error) {
    throw new InputError(`${path}: not a greenlight lease file`, { cause: error });
  }
}
