import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../errors.js';
import type { FaultLease } from '../faults/driver.js';
import { LEASE_FILE, readLease, writeLease } from '../faults/lease.js';
import { createDriverRegistry } from '../faults/registry.js';
import { releaseResource } from '../targets/release-resource.js';
import {
  STACK_LEASE_FILE,
  describeResource,
  readStackLease,
  removeStackLease,
  writeStackLease,
  type LeasedResource,
} from '../targets/stack-lease.js';

/** What `greenlight cleanup` did, thing by thing, and how it added up. */
export interface CleanupReport {
  /** One line per thing, in the order done; `failed` lines stay leased for another try. */
  lines: { folder: string; outcome: 'reverted' | 'gone' | 'removed' | 'failed'; text: string }[];
  folders: number;
}

/**
 * Undoes what killed runs left, from the lease files in their run folders: every live fault is
 * reverted (a fault whose target no longer exists is reported as gone, which is no failure),
 * then everything the target created (containers, compose projects, proxies on an external
 * Toxiproxy) is removed. What fails stays in the lease files.
 */
export async function cleanupRuns(folders: readonly string[]): Promise<CleanupReport> {
  const report: CleanupReport = { lines: [], folders: folders.length };
  for (const folder of folders) {
    await revertLeasedFaults(folder, report);
    await releaseLeasedResources(folder, report);
  }
  return report;
}

/** Run folders under `outDir` that hold a fault or a stack lease. */
export function leasedRunFolders(outDir: string): string[] {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() &&
        (existsSync(join(outDir, entry.name, LEASE_FILE)) || existsSync(join(outDir, entry.name, STACK_LEASE_FILE))),
    )
    .map((entry) => join(outDir, entry.name));
}

async function revertLeasedFaults(folder: string, report: CleanupReport): Promise<void> {
  const path = join(folder, LEASE_FILE);
  const leases = await readLease(path);
  if (leases.length === 0) return;
  const drivers = createDriverRegistry();
  const remaining: FaultLease[] = [];
  for (const lease of leases) {
    const what = `${lease.kind} "${lease.name}" on ${lease.target}`;
    try {
      const driver = drivers.get(lease.kind);
      if (!driver) throw new Error(`no driver for kind "${lease.kind}"`);
      const outcome = await driver.revert(lease);
      report.lines.push({
        folder,
        outcome,
        text:
          outcome === 'gone'
            ? `${what}: gone with its target, which no longer runs; nothing to revert`
            : `reverted ${what}`,
      });
    } catch (error) {
      remaining.push(lease);
      report.lines.push({ folder, outcome: 'failed', text: `could not revert ${what}: ${errorMessage(error)}` });
    }
  }
  if (remaining.length > 0) await writeLease(path, remaining);
  else await rm(path, { force: true });
}

async function releaseLeasedResources(folder: string, report: CleanupReport): Promise<void> {
  const path = join(folder, STACK_LEASE_FILE);
  const lease = await readStackLease(path);
  if (!lease) return;
  const remaining: LeasedResource[] = [];
  for (const resource of lease.resources) {
    try {
      await releaseResource(resource);
      report.lines.push({ folder, outcome: 'removed', text: `removed ${describeResource(resource)}` });
    } catch (error) {
      remaining.push(resource);
      report.lines.push({
        folder,
        outcome: 'failed',
        text: `could not remove ${describeResource(resource)}: ${errorMessage(error)}`,
      });
    }
  }
  if (remaining.length > 0) await writeStackLease(path, { resources: remaining });
  else await removeStackLease(path);
}
