import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultSchema } from '../../src/experiment/faults-schema.js';
import { importModuleFile } from '../../src/experiment/load-file.js';
import { runCli } from '../support/cli.js';

const FOLDER = join(import.meta.dirname, '..', '..', 'faults');

describe('fault presets in faults/', () => {
  it('ships the five network presets', () => {
    expect(readdirSync(FOLDER).sort()).toEqual(
      expect.arrayContaining([
        'bandwidth-starved-streaming.ts',
        'flaky-network.ts',
        'green-outage.ts',
        'half-open-connections.ts',
        'upstream-latency-spike.ts',
      ]),
    );
  });

  it.each([
    [
      'upstream-latency-spike.ts',
      { kind: 'latency', target: 'green', direction: 'downstream', latency: 500, jitter: 100 },
    ],
    ['flaky-network.ts', { kind: 'reset-peer', target: 'green', toxicity: 0.05 }],
    ['bandwidth-starved-streaming.ts', { kind: 'bandwidth', target: 'green', direction: 'downstream', rate: 2 }],
    ['half-open-connections.ts', { kind: 'timeout', target: 'green', timeout: 0 }],
    ['green-outage.ts', { kind: 'outage', target: 'green' }],
  ])('%s gives a valid fault with its defaults and takes the timing it is given', async (file, expected) => {
    const preset = (await importModuleFile(join(FOLDER, file))) as {
      default: (options: object) => unknown;
      description: string;
    };
    expect(preset.description.length).toBeGreaterThan(10);
    expect(faultSchema.parse(preset.default({}))).toMatchObject({ ...expected, at: 0 });
    expect(faultSchema.parse(preset.default({ during: 'fault', name: 'mine' }))).toMatchObject({
      name: 'mine',
      during: 'fault',
    });
  });

  it('`greenlight list faults` shows every kind with its attributes, and the presets', async () => {
    const result = await runCli(['list', 'faults']);
    expect(result.code).toBe(0);
    for (const kind of [
      'latency',
      'bandwidth',
      'slow-close',
      'timeout',
      'reset-peer',
      'slicer',
      'limit-data',
      'outage',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^  ${kind} +\\S`, 'm'));
    }
    expect(result.stdout).toMatch(/^ +averageSize: average bytes per slice$/m);
    expect(result.stdout).toMatch(/^ {2}faults\/flaky-network\.ts +a flaky network: 5 % of the connections/m);
  });
});
