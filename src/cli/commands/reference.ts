import type { Command } from 'commander';
import { Option } from 'commander';
import { InputError } from '../../errors.js';
import type { RunningServer } from '../../reference/server.js';
import { startHaproxyController, type HaproxyControllerConfig } from '../../reference/haproxy-controller/index.js';
import { startReferenceRouter, type ReferenceRouterOptions } from '../../reference/router/index.js';
import { startReferenceService } from '../../reference/service/index.js';
import { COLOURS, type Colour } from '../../shared/colour.js';
import type { ReferenceKnobsInput } from '../../shared/reference-knobs.js';
import { exitWithParent } from '../../targets/embedded/child.js';
import { parseInteger, parseJsonObject, parseHost, parsePort } from '../options.js';

interface ServeFlags {
  colour: Colour;
  host: string;
  port: number;
  knobsJson?: unknown;
  exitWithParent?: boolean;
}

interface RouterFlags {
  host: string;
  port: number;
  configJson: unknown;
  exitWithParent?: boolean;
}

export function registerReference(program: Command): void {
  const reference = program
    .command('reference')
    .description(
      'the reference system under test: an LLM-like AI service and a blue/green router with a rollback controller',
    );

  reference
    .command('serve')
    .description('serve a reference AI service (OpenAI and Ollama APIs, simulated GPU, /metrics, /admin)')
    .addOption(new Option('--colour <colour>', 'which deployment this is').choices(COLOURS).makeOptionMandatory())
    .option('--host <host>', 'address to listen on (0.0.0.0: every interface)', parseHost, '127.0.0.1')
    .option('--port <port>', 'port (0 = any free port)', parsePort, 8000)
    .option('--knobs-json <json>', 'knobs as JSON, e.g. \'{"decodeSlowdown":1.2,"errorRate":0.01}\'', parseJsonObject)
    .addOption(new Option('--exit-with-parent').hideHelp())
    .action(async (flags: ServeFlags) => {
      const server = await startReferenceService({
        colour: flags.colour,
        host: flags.host,
        port: flags.port,
        ...(flags.knobsJson !== undefined ? { knobs: flags.knobsJson as ReferenceKnobsInput } : {}),
      });
      announce(`greenlight reference service (${flags.colour})`, server, flags.exitWithParent);
    });

  reference
    .command('router')
    .description(
      'serve the reference router: weighted blue/green proxy, health checks, rollback controller, /_router admin API',
    )
    .option('--host <host>', 'address to listen on (0.0.0.0: every interface)', parseHost, '127.0.0.1')
    .option('--port <port>', 'port (0 = any free port)', parsePort, 8080)
    .requiredOption(
      '--config-json <json>',
      'upstreams, weights, controller rules and health checks as JSON (see docs/reference.md)',
      parseJsonObject,
    )
    .addOption(new Option('--exit-with-parent').hideHelp())
    .action(async (flags: RouterFlags) => {
      if (typeof flags.configJson !== 'object' || flags.configJson === null)
        throw new InputError('--config-json: expected a JSON object');
      const options = { ...(flags.configJson as ReferenceRouterOptions), host: flags.host, port: flags.port };
      const server = await startReferenceRouter(options);
      announce('greenlight reference router', server, flags.exitWithParent);
    });

  registerController(reference);
}

interface ControllerFlags {
  host: string;
  port: number;
  haproxySocket: string;
  backend: string;
  blueServer: string;
  greenServer: string;
  rulesJson: unknown;
  interval: number;
  canaryJson?: unknown;
  exitWithParent?: boolean;
}

function registerController(reference: Command): void {
  reference
    .command('controller')
    .description(
      'run the reference rollback controller against HAProxy: reads per-server counters from its runtime API, switches with `set weight`; serves its switch record as JSON on GET /',
    )
    .requiredOption(
      '--haproxy-socket <socket>',
      "HAProxy's runtime API: a unix socket path or 127.0.0.1:<port> (stats socket … level admin)",
    )
    .option('--backend <name>', "the backend holding the colours' servers", 'greenlight')
    .option('--blue-server <name>', 'the server of the backend that is blue', 'blue')
    .option('--green-server <name>', 'the server of the backend that is green', 'green')
    .requiredOption(
      '--rules-json <json>',
      'rules as a JSON array, e.g. \'[{"name":"green errors","colour":"green","metric":"error-rate","above":0.05,"switchTo":"blue"}]\' (error-rate only)',
      parseJsonObject,
    )
    .option('--interval <ms>', 'how often the counters are read and the rules evaluated', parseInteger, 250)
    .option(
      '--canary-json <json>',
      'a staged canary promotion of green to follow, e.g. \'{"stages":[10,25,50,100],"everyMs":20000}\'',
      parseJsonObject,
    )
    .option('--host <host>', 'address of the status endpoint', parseHost, '127.0.0.1')
    .option('--port <port>', 'port of the status endpoint (0 = any free port)', parsePort, 0)
    .addOption(new Option('--exit-with-parent').hideHelp())
    .action(async (flags: ControllerFlags) => {
      const server = await startHaproxyController(
        {
          host: flags.host,
          port: flags.port,
          socket: flags.haproxySocket,
          backend: flags.backend,
          servers: { blue: flags.blueServer, green: flags.greenServer },
          rules: flags.rulesJson as HaproxyControllerConfig['rules'],
          intervalMs: flags.interval,
          ...(flags.canaryJson !== undefined ? { canary: flags.canaryJson as HaproxyControllerConfig['canary'] } : {}),
        },
        (message) => process.stderr.write(`greenlight reference controller: ${message}\n`),
      );
      announce('greenlight reference controller', server, flags.exitWithParent);
    });
}

/**
 * Stops cleanly on SIGINT/SIGTERM (exit 0: a server's normal end), then prints the ready line
 * that parents wait for — in that order, so a parent may signal as soon as it reads the line.
 */
export function announce(what: string, server: Pick<RunningServer, 'url' | 'close'>, withParent?: boolean): void {
  const shutdown = (): void => void server.close().finally(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  if (withParent) exitWithParent(() => server.close());
  process.stdout.write(`${what} listening on ${server.url}\n`);
}
