import { InvalidArgumentError } from 'commander';
import { isIP } from 'node:net';
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

/**
 * A host name or IP address to listen on. Any is accepted (0.0.0.0 inside a container, a
 * staging host's name): where greenlight listens is the user's call; the defaults are 127.0.0.1.
 */
export function parseHost(value: string): string {
  const host = value.trim();
  if (
    isIP(host) !== 0 ||
    /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(host)
  )
    return host;
  throw new InvalidArgumentError(`expected a host name or IP address (e.g. 127.0.0.1, 0.0.0.0, ::1), got "${value}"`);
}

/** The experiment `greenlight run` uses when none is given. */
export function defaultExperimentPath(): string {
  return join(packageRoot(), 'scenarios', 'quickstart.ts');
}
