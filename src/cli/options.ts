import { InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import { packageRoot } from '../util/package-root.js';

export function parseInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  return parsed;
}

export function parsePositiveInteger(value: string): number {
  const parsed = parseInteger(value);
  if (parsed < 1) throw new InvalidArgumentError(`expected a whole number of at least 1, got "${value}"`);
  return parsed;
}

export function parsePort(value: string): number {
  const port = parseInteger(value);
  if (port < 0 || port > 65535) throw new InvalidArgumentError(`expected a port 0-65535, got "${value}"`);
  return port;
}

export function parseJsonObject(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new InvalidArgumentError('expected a JSON object');
  }
}

/** Only loopback addresses: greenlight never listens on or targets anything else. */
export function parseLoopbackHost(value: string): string {
  if (value === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(value)) return value;
  throw new InvalidArgumentError(`expected a loopback address (127.0.0.0/8 or localhost), got "${value}"`);
}

/** The experiment `greenlight run` uses when none is given. */
export function defaultExperimentPath(): string {
  return join(packageRoot(), 'scenarios', 'quickstart.ts');
}
