import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { InputError, errorMessage } from '../errors.js';
import { importModuleFile } from './load-file.js';
import { withPathsFrom } from './referenced-files.js';
import { composeTargetSchema, defaultTarget, targetSchema, type Target } from './target-schema.js';
import { formatIssues } from './validate.js';

/**
 * Where a scenario runs, as `--target` gives it: `embedded`, `compose` (docker-compose.chaos.yml,
 * or $COMPOSE_FILE), or a target file — TypeScript/JavaScript (default export), JSON or YAML —
 * validated like an experiment, its paths relative to the file.
 */
export async function loadTarget(given: string): Promise<Target> {
  if (given === 'embedded') return defaultTarget;
  if (given === 'compose') return composeTargetSchema.parse({ kind: 'compose' });
  const file = resolve(given);
  if (!existsSync(file)) {
    throw new InputError(`--target: ${given} is not a file (or one of embedded, compose)`);
  }
  const parsed = targetSchema.safeParse(await readTargetData(file, given));
  if (!parsed.success) throw new InputError(formatIssues(given, parsed.error.issues, 'target'));
  return withPathsFrom(parsed.data, dirname(file));
}

async function readTargetData(file: string, shown: string): Promise<unknown> {
  const extension = extname(file).toLowerCase();
  if (extension === '.yaml' || extension === '.yml') {
    try {
      return parseYaml(readFileSync(file, 'utf8')) as unknown;
    } catch (error) {
      const where = error instanceof YAMLParseError && error.linePos ? `:${error.linePos[0].line}` : '';
      throw new InputError(`${shown}${where}: not YAML (${errorMessage(error).split('\n')[0]})`, { cause: error });
    }
  }
  if (extension === '.json') {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as unknown;
    } catch (error) {
      throw new InputError(`${shown}: not JSON (${errorMessage(error)})`, { cause: error });
    }
  }
  return ((await importModuleFile(file)) as { default?: unknown }).default;
}
