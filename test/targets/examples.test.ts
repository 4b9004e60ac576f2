import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/**
 * The target files users copy (examples/targets, docs/targets.md) are valid as they stand:
 * `greenlight validate` checks them and prints their blast radius without connecting to
 * anything, so the staging host names in them need not exist here.
 */
const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples', 'targets');

/** The vLLM-behind-nginx example has no reference service: the quick start's simulated GPU fault is refused there. */
const REAL_MODEL_SERVERS = 'external-nginx.ts';

describe('examples/targets', () => {
  const files = readdirSync(EXAMPLES).sort();

  it('has one file per target kind', () => {
    expect(files).toEqual([
      'compose.yaml',
      'containers.yaml',
      'embedded.yaml',
      'external-haproxy.yaml',
      REAL_MODEL_SERVERS,
    ]);
  });

  it.each(files.filter((file) => file !== REAL_MODEL_SERVERS))(
    'greenlight validate scenarios/quickstart.ts --target examples/targets/%s: exit 0',
    async (file) => {
      const result = await runCli(['validate', 'scenarios/quickstart.ts', '--target', join('examples/targets', file)]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('blast radius (everything this run touches; nothing else is):');
    },
  );

  it(`${REAL_MODEL_SERVERS}: valid for a network fault; the quick start's simulated GPU fault is refused, naming the way out`, async () => {
    const target = join('examples/targets', REAL_MODEL_SERVERS);
    const latency = await runCli(['validate', 'scenarios/benign-latency.ts', '--target', target]);
    expect(latency.code, latency.stderr).toBe(0);
    expect(latency.stdout).toContain('proxy vllm-green\n      fault "green-latency"');
    const quickstart = await runCli(['validate', 'scenarios/quickstart.ts', '--target', target]);
    expect(quickstart.code).toBe(2);
    expect(quickstart.stderr).toContain(
      "simulated GPU pressure needs a reference service: declare colours.green.referenceAdmin (on a real NVIDIA GPU: mode 'cuda' and colours.green.gpu)",
    );
  });
});
