import { InvalidArgumentError, Option } from 'commander';
import { availableParallelism } from 'node:os';

/** `--workers N|auto` of run, gate and load: the native engine's worker threads. */
export function workersOption(): Option {
  return new Option(
    '--workers <n|auto>',
    'native engine: run the load on N worker threads (auto: one per core), each a segment of the arrival timeline',
  )
    .argParser(parseWorkers)
    .default(1);
}

function parseWorkers(value: string): number {
  if (value === 'auto') return availableParallelism();
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError(`expected a whole number of at least 1, or auto; got "${value}"`);
  return parsed;
}
