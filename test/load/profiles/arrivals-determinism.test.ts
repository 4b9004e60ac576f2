import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchema } from '../../../src/experiment/load-schema.js';
import { arrivalTimes } from '../../../src/load/profiles/arrivals.js';
import { Random } from '../../../src/util/random.js';

const LOADS = {
  poisson: { profile: { kind: 'sine', baseRate: 300, amplitude: 200, period: '3s' }, arrival: 'poisson' },
  gamma: {
    profile: { kind: 'spike', baseRate: 50, peakRate: 900, rise: '1s', hold: '1s', fall: '1s' },
    arrival: 'gamma',
    burstiness: 0.3,
  },
  even: {
    profile: {
      kind: 'sum',
      profiles: [
        { kind: 'constant', rate: 120 },
        {
          kind: 'step',
          steps: [
            { rate: 0, duration: '1s' },
            { rate: 400, duration: '1s' },
          ],
        },
      ],
    },
  },
} as const;

/** The timeline the engine plans: it seeds arrivals with the run's seed, stream 'arrivals'. */
function timeline(load: unknown, seed: number): number[] {
  const spec = loadSchema.parse(load);
  return [...arrivalTimes(spec.profile!, 4_000, spec.arrival, new Random(seed).stream('arrivals'), spec.burstiness)];
}

let folder: string;
let script: string;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'greenlight-arrivals-'));
  const entry = join(folder, 'entry.ts');
  const source = (path: string): string => JSON.stringify(resolve(path));
  writeFileSync(
    entry,
    `import { loadSchema } from ${source('src/experiment/load-schema.ts')};
import { arrivalTimes } from ${source('src/load/profiles/arrivals.ts')};
import { Random } from ${source('src/util/random.ts')};
const [load, seed] = JSON.parse(process.argv[2]);
const spec = loadSchema.parse(load);
process.stdout.write(JSON.stringify([...arrivalTimes(spec.profile, 4000, spec.arrival, new Random(seed).stream('arrivals'), spec.burstiness)]));
`,
  );
  script = join(folder, 'arrivals.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: script,
    logLevel: 'silent',
  });
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('arrival timelines across processes', () => {
  it.each(Object.entries(LOADS))('%s: the same seed gives the same timeline in every process', (_name, load) => {
    const inProcess = timeline(load, 42);
    const other = (seed: number): number[] =>
      JSON.parse(
        execFileSync(process.execPath, [script, JSON.stringify([load, seed])], { encoding: 'utf8' }),
      ) as number[];
    expect(inProcess.length).toBeGreaterThan(500);
    expect(other(42)).toEqual(inProcess);
    expect(other(42)).toEqual(inProcess);
    if ('arrival' in load) expect(other(43)).not.toEqual(inProcess);
  });
});
