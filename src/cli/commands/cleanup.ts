import type { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LEASE_FILE, readLease, writeLease } from '../../faults/lease.js';
import { createDriverRegistry } from '../../faults/registry.js';
import { errorMessage } from '../../errors.js';
import { removeProxy } from '../../faults/toxiproxy/proxies.js';
import {
  STACK_LEASE_FILE,
  readStackLease,
  removeStackLease,
  writeStackLease,
  type LeasedProxies,
} from '../../targets/stack-lease.js';
import { EXIT } from '../exit-codes.js';

export function registerCleanup(program: Command): void {
  program
    .command('cleanup')
    .description(
      'revert faults (and remove proxies on an external Toxiproxy) that a killed run left behind, from the lease files in its run folders',
    )
    .argument('[run-dirs...]', 'run folders to clean (default: every run folder under --out)')
    .option('--out <dir>', 'reports folder to scan when no run folder is given', 'reports')
    .addHelpText(
      'after',
      '\nExit codes: 0 nothing left behind; 3 a fault could not be reverted or a proxy not removed (it stays in the lease file).',
    )
    .action(async (runDirs: string[], flags: { out: string }) => {
      const folders = runDirs.length > 0 ? runDirs : listRunFolders(flags.out);
      const drivers = createDriverRegistry();
      let failures = 0;
      let reverted = 0;
      let removedProxies = 0;
      for (const folder of folders) {
        const leasePath = join(folder, LEASE_FILE);
        const remaining = [];
        for (const lease of await readLease(leasePath)) {
          try {
            await drivers.get(lease.kind)?.revert(lease);
            reverted++;
            process.stdout.write(`reverted ${lease.kind} "${lease.name}" on ${lease.target} (${folder})\n`);
          } catch (error) {
            failures++;
            remaining.push(lease);
            process.stderr.write(
              `could not revert ${lease.kind} "${lease.name}" on ${lease.target}: ${errorMessage(error)}\n`,
            );
          }
        }
        if (remaining.length > 0) await writeLease(leasePath, remaining);
        else await rm(leasePath, { force: true });
        const proxies = await removeLeasedProxies(folder);
        removedProxies += proxies.removed;
        failures += proxies.failed;
      }
      process.stdout.write(
        `cleanup: ${reverted} fault(s) reverted, ${removedProxies} proxy(ies) removed, ${failures} failed, ${folders.length} run folder(s) checked\n`,
      );
      process.exitCode = failures === 0 ? EXIT.pass : EXIT.environment;
    });
}

/** Removes the proxies a killed run's stack left on an external Toxiproxy; what fails stays leased. */
async function removeLeasedProxies(folder: string): Promise<{ removed: number; failed: number }> {
  const path = join(folder, STACK_LEASE_FILE);
  const lease = await readStackLease(path);
  if (!lease) return { removed: 0, failed: 0 };
  const remaining: LeasedProxies[] = [];
  let removed = 0;
  for (const { url, names } of lease.toxiproxyProxies) {
    const left: string[] = [];
    for (const name of names) {
      try {
        await removeProxy(url, name);
        removed++;
        process.stdout.write(`removed proxy "${name}" from the Toxiproxy at ${url} (${folder})\n`);
      } catch (error) {
        left.push(name);
        process.stderr.write(`could not remove proxy "${name}" from ${url}: ${errorMessage(error)}\n`);
      }
    }
    if (left.length > 0) remaining.push({ url, names: left });
  }
  const failed = remaining.reduce((sum, { names }) => sum + names.length, 0);
  if (failed > 0) await writeStackLease(path, { toxiproxyProxies: remaining });
  else await removeStackLease(path);
  return { removed, failed };
}

function listRunFolders(outDir: string): string[] {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() &&
        (existsSync(join(outDir, entry.name, LEASE_FILE)) || existsSync(join(outDir, entry.name, STACK_LEASE_FILE))),
    )
    .map((entry) => join(outDir, entry.name));
}
