import { Command } from 'commander';
import { createRequire } from 'node:module';
import { registerCleanup } from './commands/cleanup.js';
import { registerDiff } from './commands/diff.js';
import { registerReplay } from './commands/replay.js';
import { registerTrend } from './commands/trend.js';
import { registerGate } from './commands/gate.js';
import { registerGpu } from './commands/gpu.js';
import { registerList } from './commands/list.js';
import { registerLoad } from './commands/load.js';
import { registerReference } from './commands/reference.js';
import { registerReport } from './commands/report.js';
import { registerRun } from './commands/run.js';
import { registerToxiproxy } from './commands/toxiproxy.js';
import { registerTriggers } from './commands/triggers.js';
import { registerValidate } from './commands/validate.js';
import { EXIT_CODES_HELP, exitFor } from './exit-codes.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const program = new Command('greenlight')
  .description(
    'Chaos and load testing for AI services deployed blue/green: AI-shaped load, faults, SLO and rollback-trigger verdicts, reports.',
  )
  .version(version)
  .showHelpAfterError('(add --help for usage)')
  .addHelpText('after', EXIT_CODES_HELP);

for (const register of [
  registerRun,
  registerLoad,
  registerGate,
  registerValidate,
  registerReport,
  registerReplay,
  registerDiff,
  registerTrend,
  registerList,
  registerCleanup,
  registerTriggers,
  registerReference,
  registerToxiproxy,
  registerGpu,
]) {
  register(program);
}
for (const command of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)])
  command.exitOverride();

// A reader that stops early (`greenlight --help | head`) is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const { code, message } = exitFor(error);
  if (message) process.stderr.write(`greenlight: ${message}\n`);
  process.exitCode = code;
}
