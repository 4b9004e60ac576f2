import type { Command } from 'commander';
import { Option } from 'commander';
import { startEmbeddedToxiproxy } from '../../faults/toxiproxy/server/index.js';
import { parseInteger, parseHost, parsePort } from '../options.js';
import { announce } from './reference.js';

export function registerToxiproxy(program: Command): void {
  program
    .command('toxiproxy')
    .description("greenlight's embedded Toxiproxy-compatible server")
    .command('serve')
    .description(
      'serve the Toxiproxy HTTP API and its toxics (drop-in for a real Toxiproxy; 127.0.0.1 unless --host says otherwise)',
    )
    .option('--host <host>', 'address to listen on (0.0.0.0: every interface)', parseHost, '127.0.0.1')
    .option('--port <port>', 'API port (0 = any free port)', parsePort, 8474)
    .option('--seed <n>', 'seed of the toxicity decisions', parseInteger, 1)
    .addOption(new Option('--exit-with-parent').hideHelp())
    .action(async (flags: { host: string; port: number; seed: number; exitWithParent?: boolean }) => {
      const server = await startEmbeddedToxiproxy({ host: flags.host, port: flags.port, seed: flags.seed });
      announce('greenlight toxiproxy', server, flags.exitWithParent);
    });
}
