import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { TargetInput } from '../../../src/experiment/target-schema.js';
import type { UserStack } from './index.js';

export type ExternalTargetInput = Extract<TargetInput, { kind: 'external' }>;

/**
 * The external target file a team would write for the user stack: HAProxy observed through its
 * runtime API (and driven by greenlight's reference controller with `controller: 'reference'`),
 * both colours direct, green a reference service (simulated VRAM), the team's Toxiproxy proxies.
 */
export function userStackTarget(
  stack: UserStack,
  options: { controller?: 'user' | 'reference' } = {},
): ExternalTargetInput {
  const haproxy = {
    runtimeApi: stack.haproxy.runtimeApi,
    backend: stack.haproxy.backend,
    servers: stack.haproxy.servers,
  };
  return {
    kind: 'external',
    router: {
      url: stack.routerUrl,
      software: 'haproxy',
      observer: { kind: 'haproxy', ...haproxy },
      controller: options.controller === 'reference' ? { kind: 'reference', ...haproxy } : 'user',
    },
    colours: {
      blue: { url: stack.colours.blue.url },
      green: { url: stack.colours.green.url, referenceAdmin: stack.colours.green.url },
    },
    toxiproxy: { url: stack.toxiproxy.url, proxies: { ...stack.toxiproxy.proxies } },
  };
}

/** Writes a target as YAML, as a user would keep it, and returns the path. */
export function writeTargetFile(path: string, target: ExternalTargetInput): string {
  writeFileSync(path, stringify(target));
  return path;
}
