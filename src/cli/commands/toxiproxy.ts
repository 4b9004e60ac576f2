import type { Command } from 'commander';
import { Option } from 'commander';
import { readFile } from 'node:fs/promises';
import { InputError, errorMessage } from '../../errors.js';
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
    .option('--config <file>', "proxies to create at start: a JSON list as Toxiproxy's -config takes")
    .addOption(new Option('--exit-with-parent').hideHelp())
    .action(async (flags: { host: string; port: number; seed: number; config?: string; exitWithParent?: boolean }) => {
      const server = await startEmbeddedToxiproxy({
        host: flags.host,
        port: flags.port,
        seed: flags.seed,
        ...(flags.config === undefined
          ? {}
          : { proxies: { source: flags.config, list: await readProxyList(flags.config) } }),
      });
      announce('greenlight toxiproxy', server, flags.exitWithParent);
    });
}

/** Toxiproxy's -config file: a JSON list of proxies. */
async function readProxyList(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`--config ${path}: cannot read it (${errorMessage(error)})`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`--config ${path}: expected a JSON list of proxies (${errorMessage(error)})`, {
      cause: error,
    });
  }
}
