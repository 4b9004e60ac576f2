import type { Command } from 'commander';
import { cleanupRuns, leasedRunFolders } from '../../runner/cleanup.js';
import { EXIT } from '../exit-codes.js';

export function registerCleanup(program: Command): void {
  program
    .command('cleanup')
    .description(
      'undo what killed runs left behind, from the lease files in their run folders: revert their faults, remove the containers, compose projects and proxies their targets created',
    )
    .argument('[run-dirs...]', 'run folders to clean (default: every run folder under --out)')
    .option('--out <dir>', 'reports folder to scan when no run folder is given', 'reports')
    .addHelpText(
      'after',
      `
A fault whose target no longer exists (its process is gone, its container removed) is reported
as gone: what it changed went with it. Only what greenlight created or changed is touched.

Exit codes: 0 nothing left behind; 2 a lease file is not one; 3 something could not be reverted
or removed (it stays in the lease file for another try); 4 a bug.`,
    )
    .action(async (runDirs: string[], flags: { out: string }) => {
      const report = await cleanupRuns(runDirs.length > 0 ? runDirs : leasedRunFolders(flags.out));
      for (const line of report.lines) {
        const stream = line.outcome === 'failed' ? process.stderr : process.stdout;
        stream.write(`${line.text} (${line.folder})\n`);
      }
      const count = (outcome: string): number => report.lines.filter((line) => line.outcome === outcome).length;
      const failed = count('failed');
      process.stdout.write(
        `cleanup: ${count('reverted')} fault(s) reverted, ${count('gone')} gone with their target, ${count('removed')} created thing(s) removed, ${failed} failed, ${report.folders} run folder(s) checked\n`,
      );
      process.exitCode = failed === 0 ? EXIT.pass : EXIT.environment;
    });
}
