import { InvalidArgumentError, Option } from 'commander';
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

/** `--target`: where the scenario runs, replacing the experiment's own target. */
export function targetOption(): Option {
  return new Option(
    '--target <target>',
    "where to run: embedded, compose, or a target file (.ts, .js, .json, .yaml; docs/targets.md); replaces the experiment's target",
  );
}

/** `--keep`: a compose project greenlight brought up stays up after the run. */
export function keepOption(): Option {
  return new Option('--keep', 'compose target: leave the project up after the run (default: down -v)');
}

/** `--pushgateway`: the run's figures pushed to a Prometheus Pushgateway at the end. */
export function pushgatewayOption(): Option {
  return new Option('--pushgateway <url>', "push the run's figures to this Prometheus Pushgateway (docs/incidents.md)");
}
