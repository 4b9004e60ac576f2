import type { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LEASE_FILE, readLease, writeLease } from '../../faults/lease.js';
import { createDriverRegistry } from '../../faults/registry.js';
import { errorMessage } from '../../errors.js';
import { EXIT } from '../exit-codes.js';

export function registerCleanup(program: Command): void {
  program
    .command('cleanup')
    .description('revert faults that a killed run left behind, from the lease files in its run folders')
    .argument('[run-dirs...]', 'run folders to clean (default: every run folder under --out)')
    .option('--out <dir>', 'reports folder to scan when no run folder is given', 'reports')
    .addHelpText('after', '\nExit codes: 0 nothing left behind; 3 a fault could not be reverted (it stays in the lease file).')
    .action(async (runDirs: string[], flags: { out: string }) => {
      const folders = runDirs.length > 0 ? runDirs : listRunFolders(flags.out);
      const drivers = createDriverRegistry();
      let failures = 0;
      let reverted = 0;
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
            process.stderr.write(`could not revert ${lease.kind} "${lease.name}" on ${lease.target}: ${errorMessage(error)}\n`);
          }
        }
        if (remaining.length > 0) await writeLease(leasePath, remaining);
        else await rm(leasePath, { force: true });
      }
      process.stdout.write(`cleanup: ${reverted} fault(s) reverted, ${failures} failed, ${folders.length} run folder(s) checked\n`);
      process.exitCode = failures === 0 ? EXIT.pass : EXIT.environment;
    });
}

function listRunFolders(outDir: string): string[] {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(outDir, entry.name, LEASE_FILE)))
    .map((entry) => join(outDir, entry.name));
}
