import { InvalidArgumentError, Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError, InterruptedError } from '../../errors.js';
import { describeProfile } from '../../experiment/describe-profile.js';
import { REQUEST_KINDS, loadSchema, type Profile } from '../../experiment/load-schema.js';
import { loadProfilePreset } from '../../experiment/profile-presets.js';
import { runPlainLoad } from '../../runner/plain-load.js';
import { parseDurationMs } from '../../util/duration.js';
import { formatDuration } from '../../util/format.js';
import { EXIT, EXIT_CODES_HELP } from '../exit-codes.js';
import { parseInteger, parsePositiveInteger } from '../options.js';
import { writeJsonFile } from '../json-file.js';
import { createProgressPrinter } from '../progress-line.js';
import { renderLoad } from '../render-load.js';
import { onInterrupt } from '../signals.js';
import { workersOption } from '../workers-option.js';

interface LoadFlags {
  url: string;
  kind: (typeof REQUEST_KINDS)[number];
  profile?: string;
  rate?: number;
  concurrency?: number;
  duration: number;
  json?: string;
  seed: number;
  stream: boolean;
  promptTokens: number;
  maxTokens: number;
  workers: number;
}

/** Version of the --json file's layout; fields are only ever added within a version. */
const LOAD_RESULT_VERSION = 1;

export function registerLoad(program: Command): void {
  program
    .command('load')
    .description('plain load against one URL with the native engine: no faults, no stack, no verdict')
    .addOption(
      new Option('--url <url>', 'base URL of the service, e.g. http://127.0.0.1:8000')
        .argParser(parseUrl)
        .makeOptionMandatory(),
    )
    .addOption(new Option('--kind <kind>', 'request kind').choices(REQUEST_KINDS).default('chat'))
    .addOption(
      new Option(
        '--profile <name|file>',
        'a preset from loadprofiles/ (see greenlight list profiles), or a profile file (.ts, .json)',
      ).conflicts(['rate', 'concurrency']),
    )
    .addOption(
      new Option('--rate <rps>', 'open model: a constant arrival rate in requests/s')
        .argParser(parsePositive)
        .conflicts(['concurrency']),
    )
    .addOption(
      new Option('--concurrency <n>', 'closed model: this many requests in flight').argParser(parsePositiveInteger),
    )
    .addOption(
      new Option('--duration <duration>', 'how long to send, e.g. 30s, 2m')
        .argParser(parseDuration)
        .default(30_000, '30s'),
    )
    .option('--prompt-tokens <n>', 'prompt length in tokens (words)', parsePositiveInteger, 256)
    .option('--max-tokens <n>', 'output tokens to ask for', parsePositiveInteger, 64)
    .option('--no-stream', 'ask for whole answers instead of streamed ones (no TTFT, ITL or TPOT then)')
    .option('--json <file>', "also write the result as JSON (its `load` object is summary.json's)")
    .option('--seed <n>', 'seed for arrivals and prompts (same seed = same arrival timeline)', parseInteger, 1)
    .addOption(workersOption())
    .addHelpText(
      'after',
      `\nGive exactly one of --profile, --rate or --concurrency. Exit 0 when the load ran (errors are\nreported, not judged), 2 for bad flags, 3 when the URL is unreachable in preflight.\n${EXIT_CODES_HELP}`,
    )
    .action(async (flags: LoadFlags) => {
      process.exitCode = await loadCommand(flags);
    });
}

async function loadCommand(flags: LoadFlags): Promise<number> {
  if (flags.json !== undefined && !existsSync(dirname(resolve(flags.json)))) {
    throw new InputError(`--json: the folder of ${flags.json} does not exist`);
  }
  const model = await loadModel(flags);
  const request = {
    kind: flags.kind,
    promptTokens: flags.promptTokens,
    maxTokens: flags.maxTokens,
    stream: flags.stream && flags.kind !== 'embeddings',
  };
  const load = loadSchema.parse({ ...model.spec, workload: { mix: [{ request }] } });
  const interrupt = new AbortController();
  const stopListening = onInterrupt((signal) => {
    process.stderr.write(`\n${signal}: stopping the load (again to force quit)\n`);
    interrupt.abort(new InterruptedError(signal));
  });
  const progress = createProgressPrinter(process.stderr);
  process.stderr.write(
    `greenlight load: ${flags.url}, ${flags.kind}, ${model.description}, ${formatDuration(flags.duration)}, seed ${flags.seed}\n`,
  );
  try {
    const result = await runPlainLoad({
      url: flags.url,
      load,
      durationMs: flags.duration,
      seed: flags.seed,
      workers: flags.workers,
      signal: interrupt.signal,
      onProgress: (snapshot) => progress.update(snapshot),
    });
    progress.done();
    process.stdout.write(`${renderLoad(result.load, flags.url)}\n`);
    if (flags.json !== undefined) {
      const document = { schemaVersion: LOAD_RESULT_VERSION, kind: flags.kind, profile: model.description, ...result };
      await writeJsonFile(flags.json, document);
    }
    return result.interrupted ? EXIT.interrupted : EXIT.pass;
  } finally {
    progress.done();
    stopListening();
  }
}

async function loadModel(
  flags: LoadFlags,
): Promise<{ spec: { profile: Profile } | { concurrency: number }; description: string }> {
  if (flags.concurrency !== undefined) {
    return { spec: { concurrency: flags.concurrency }, description: `closed model, ${flags.concurrency} in flight` };
  }
  if (flags.rate !== undefined) {
    const profile: Profile = { kind: 'constant', rate: flags.rate };
    return { spec: { profile }, description: describeProfile(profile) };
  }
  if (flags.profile !== undefined) {
    const { preset, profile } = await loadProfilePreset(flags.profile);
    return { spec: { profile }, description: `${preset.name}: ${describeProfile(profile)}` };
  }
  throw new InputError('load: give one of --profile NAME, --rate R or --concurrency N');
}

function parseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`expected a URL such as http://127.0.0.1:8000, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError(`expected an http:// or https:// URL, got "${value}"`);
  return value;
}

function parsePositive(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new InvalidArgumentError(`expected a number of requests per second above 0, got "${value}"`);
  return parsed;
}

function parseDuration(value: string): number {
  const ms = parseDurationMs(value);
  if (ms === undefined || ms <= 0)
    throw new InvalidArgumentError(`expected a duration such as 10s, 2m, 500ms; got "${value}"`);
  return ms;
}
